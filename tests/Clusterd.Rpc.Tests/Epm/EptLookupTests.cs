using System.Net;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Epm;
using Clusterd.Rpc.Mgmt;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Tests.Server;

namespace Clusterd.Rpc.Tests.Epm;

/// <summary>ept_lookup paging as Windows' endpoint mapper pages (MS-RPCE 2.2.1.2.4, C706 appendix O).</summary>
public sealed class EptLookupTests
{
    private const uint NotRegistered = 0x16C9A0D6;
    private static readonly SyntaxId ClusApi = SyntaxId.ForInterface(new Guid("b97db8b2-4c63-11cf-bff6-08002be23f2f"), 3, 0);

    [Fact]
    public async Task Lookup_last_page_returns_status_0_and_null_handle()
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);

        // Everything fits in one page (rpcdump.py asks for 500): status 0 and a NULL handle, nothing left to ask.
        var all = await PageAsync(epm, NdrContextHandle.Null, 500);
        Assert.Equal(0u, all.Status);
        Assert.True(all.EntryHandle.IsNull);
        Assert.Equal(500u, all.MaxEntries);
        var described = all.Entries.Select(Describe).ToList();
        Assert.Contains((EchoDispatcher.Id, host.Listener.Port), described);
        Assert.Contains((EndpointMapperDispatcher.InterfaceId, host.EndpointMapper.Port), described);
        Assert.Contains((ManagementDispatcher.InterfaceId, host.EndpointMapper.Port), described);
        Assert.True(all.Entries.Count >= 3);

        // max_ents equal to the number of entries: the same single last page.
        var exact = await PageAsync(epm, NdrContextHandle.Null, (uint)all.Entries.Count);
        Assert.Equal(0u, exact.Status);
        Assert.True(exact.EntryHandle.IsNull);
        Assert.Equal(described, exact.Entries.Select(Describe));
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(3u)]
    public async Task Lookup_pages_with_small_max_ents_to_the_end(uint maxEnts)
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var expected = (await PageAsync(epm, NdrContextHandle.Null, 500)).Entries.Select(Describe).ToList();
        Assert.True(expected.Count > maxEnts, "the test host must register more entries than one page holds");

        var seen = new List<(SyntaxId, int)>();
        var handle = NdrContextHandle.Null;
        int calls = 0;
        while (true)
        {
            var page = await PageAsync(epm, handle, maxEnts);
            calls++;
            Assert.Equal(0u, page.Status);
            Assert.Equal(maxEnts, page.MaxEntries);
            Assert.True(page.Entries.Count <= maxEnts);
            seen.AddRange(page.Entries.Select(Describe));
            if (page.EntryHandle.IsNull)
            {
                Assert.NotEmpty(page.Entries); // the last page carries the last entries
                break;
            }

            Assert.Equal((int)maxEnts, page.Entries.Count); // every page before the last one is full
            Assert.True(handle.IsNull || handle == page.EntryHandle);
            handle = page.EntryHandle;
            Assert.True(calls < 100);
        }

        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + (int)maxEnts - 1) / (int)maxEnts, calls);
    }

    [Fact]
    public async Task Lookup_max_ents_1_returns_the_last_entry_with_a_handle_that_then_answers_EPT_S_NOT_REGISTERED()
    {
        // Windows' down-level rule for max_ents <= 1: the handle stays open after the last entry and the next call on it
        // ends the search with EPT_S_NOT_REGISTERED and a NULL handle (rpcclient's epmlookup pages so, until that status).
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var expected = (await PageAsync(epm, NdrContextHandle.Null, 500)).Entries.Select(Describe).ToList();

        var handle = NdrContextHandle.Null;
        var seen = new List<(SyntaxId, int)>();
        for (int i = 0; i < expected.Count; i++)
        {
            var page = await PageAsync(epm, handle, 1);
            Assert.Equal(0u, page.Status);
            Assert.Single(page.Entries);
            Assert.False(page.EntryHandle.IsNull);
            seen.Add(Describe(page.Entries[0]));
            handle = page.EntryHandle;
        }

        Assert.Equal(expected, seen);
        var end = await PageAsync(epm, handle, 1);
        Assert.Equal(NotRegistered, end.Status);
        Assert.True(end.EntryHandle.IsNull);
        Assert.Empty(end.Entries);
        Assert.Equal(1u, end.MaxEntries);
    }

    [Fact]
    public async Task Lookup_with_an_exhausted_handle_returns_EPT_S_NOT_REGISTERED_and_null_handle()
    {
        // An exhausted handle is one whose search returned its last entry with max_ents <= 1: whatever max_ents the next
        // call asks, it answers EPT_S_NOT_REGISTERED, no entries and a NULL handle.
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var one = await EndpointMapperClient.LookupPageAsync(
            epm, new EptLookupRequest(1, null, EchoDispatcher.Id, 1, NdrContextHandle.Null, 1));
        Assert.Equal(0u, one.Status);
        Assert.Equal(EchoDispatcher.Id, Describe(Assert.Single(one.Entries)).Interface);
        Assert.False(one.EntryHandle.IsNull);

        var end = await PageAsync(epm, one.EntryHandle, 500);
        Assert.Equal(NotRegistered, end.Status);
        Assert.True(end.EntryHandle.IsNull);
        Assert.Empty(end.Entries);
        Assert.Equal(500u, end.MaxEntries);
    }

    [Fact]
    public async Task Lookup_with_a_handle_whose_search_ended_faults_with_context_mismatch()
    {
        // The call that returned the last page closed the handle (NULL came back); a client that sends the old handle
        // again gets what the Windows runtime answers for a stale context handle: nca_s_fault_context_mismatch.
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var first = await PageAsync(epm, NdrContextHandle.Null, 2);
        Assert.False(first.EntryHandle.IsNull);
        var page = first;
        while (!page.EntryHandle.IsNull)
        {
            page = await PageAsync(epm, page.EntryHandle, 2);
            Assert.Equal(0u, page.Status);
        }

        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => PageAsync(epm, first.EntryHandle, 2));
        Assert.Equal(RpcStatus.ContextMismatch, ex.Status);
    }

    [Fact]
    public async Task Lookup_handle_free_releases_a_handle_of_a_client_that_stops_early()
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var first = await PageAsync(epm, NdrContextHandle.Null, 1);
        Assert.Equal(0u, first.Status);
        Assert.False(first.EntryHandle.IsNull);

        // ept_lookup_handle_free: NULL handle (checked by the client) and status 0.
        Assert.Equal(0u, await EndpointMapperClient.LookupHandleFreeAsync(epm, first.EntryHandle));

        // The freed handle is gone ...
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => PageAsync(epm, first.EntryHandle, 1));
        Assert.Equal(RpcStatus.ContextMismatch, ex.Status);

        // ... and a new search starts from the first entry again.
        var again = await PageAsync(epm, NdrContextHandle.Null, 1);
        Assert.Equal(Describe(first.Entries[0]), Describe(Assert.Single(again.Entries)));
        Assert.Equal(0u, await EndpointMapperClient.LookupHandleFreeAsync(epm, again.EntryHandle));
    }

    [Fact]
    public async Task Lookup_handle_free_of_a_null_handle_returns_status_0()
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        Assert.Equal(0u, await EndpointMapperClient.LookupHandleFreeAsync(epm, NdrContextHandle.Null));
    }

    [Fact]
    public async Task Lookup_by_interface_without_a_match_returns_EPT_S_NOT_REGISTERED_and_null_handle()
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        foreach (uint maxEnts in new uint[] { 1, 500 })
        {
            var page = await EndpointMapperClient.LookupPageAsync(
                epm, new EptLookupRequest(1, null, ClusApi, 1, NdrContextHandle.Null, maxEnts));
            Assert.Equal(NotRegistered, page.Status);
            Assert.True(page.EntryHandle.IsNull);
            Assert.Empty(page.Entries);
        }
    }

    [Fact]
    public async Task Lookup_max_ents_above_500_faults_with_nca_s_fault_invalid_bound()
    {
        // [in, range(0,500)] unsigned long max_ents (MS-RPCE 2.2.1.2.4).
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var ex = await Assert.ThrowsAsync<RpcFaultException>(() => PageAsync(epm, NdrContextHandle.Null, 501));
        Assert.Equal(RpcStatus.InvalidBound, ex.Status);
        Assert.Equal(0u, (await PageAsync(epm, NdrContextHandle.Null, 500)).Status);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(500u)]
    public async Task Client_lookup_lists_every_entry_and_stops_at_the_end(uint maxEnts)
    {
        await using var host = TestHost.Start();
        await using var epm = await ConnectAsync(host);
        var expected = (await PageAsync(epm, NdrContextHandle.Null, 500)).Entries.Select(Describe).ToList();
        var listed = await EndpointMapperClient.LookupAsync(epm, maxEnts);
        Assert.Equal(expected, listed.Select(Describe));

        // The search left no handle behind: the connection still serves a fresh lookup and ept_map.
        Assert.Equal(host.Listener.Port, await EndpointMapperClient.MapAsync(epm, EchoDispatcher.Id));
    }

    [Fact]
    public void Lookup_response_golden_bytes()
    {
        var end = new EptLookupResponse(NdrContextHandle.Null, 1, [], NotRegistered);
        Assert.Equal(new string('0', 40) + "00000000" + "01000000" + "00000000" + "00000000" + "d6a0c916", Hex.Of(end.Encode()));

        var handle = new NdrContextHandle(0, new Guid("00000001-0002-0003-0405-060708090a0b"));
        var page = new EptLookupResponse(handle, 2, [new EptEntry(Guid.Empty, new byte[] { 1, 2, 3 }, "")], 0);
        string expected =
            "00000000" + "01000000020003000405060708090a0b" // entry_handle
            + "01000000" // num_ents
            + "02000000" + "00000000" + "01000000" // entries: max_count = max_ents, offset, actual_count = num_ents
            + new string('0', 32) + "00000200" + "00000000" + "01000000" + "00" // object, tower pointer, annotation ""
            + "000000" + "03000000" + "03000000" + "010203" // deferred twr_t: max_count, tower_length, octets
            + "00" + "00000000"; // status
        var bytes = page.Encode();
        Assert.Equal(expected, Hex.Of(bytes));

        var decoded = EptLookupResponse.Decode(bytes);
        Assert.Equal(handle, decoded.EntryHandle);
        Assert.Equal(2u, decoded.MaxEntries);
        var entry = Assert.Single(decoded.Entries);
        Assert.Equal("010203", Hex.Of(entry.Tower!.Value.ToArray()));
        Assert.Equal(string.Empty, entry.Annotation);
        Assert.Equal(0u, decoded.Status);
    }

    [Fact]
    public void Lookup_request_decodes_the_rpcdump_request()
    {
        // impacket's hept_lookup: RPC_C_EP_ALL_ELTS, object NULL, Ifid NULL, RPC_C_VERS_ALL, NULL handle, max_ents 500.
        var request = EptLookupRequest.Decode(Hex.Parse("00000000" + "00000000" + "00000000" + "01000000" + new string('0', 40) + "f4010000"));
        Assert.Equal(EptLookupRequest.All(NdrContextHandle.Null, 500), request);
        Assert.Equal(request, EptLookupRequest.Decode(request.Encode()));
    }

    [Theory]
    [InlineData("01000000" + "01000000" + "00000000" + "02000000")] // actual_count above max_count
    [InlineData("02000000" + "02000000" + "00000000" + "01000000")] // actual_count differs from num_ents
    [InlineData("01000000" + "01000000" + "01000000" + "01000000")] // offset not 0
    [InlineData("ffffff0f" + "ffffff0f" + "00000000" + "ffffff0f")] // a count the stub cannot hold
    public void Malformed_lookup_responses_are_rejected(string array) =>
        Assert.Throws<NdrException>(() => EptLookupResponse.Decode(Hex.Parse(new string('0', 40) + array + "00000000")));

    private static async Task<RpcClient> ConnectAsync(TestHost host)
    {
        var epm = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.EndpointMapper.Port));
        await epm.BindAsync(EndpointMapperDispatcher.InterfaceId);
        return epm;
    }

    private static Task<EptLookupResponse> PageAsync(RpcClient epm, NdrContextHandle handle, uint maxEnts) =>
        EndpointMapperClient.LookupPageAsync(epm, EptLookupRequest.All(handle, maxEnts));

    private static (SyntaxId Interface, int Port) Describe(EptEntry entry)
    {
        Assert.Equal(Guid.Empty, entry.Object);
        Assert.NotNull(entry.Tower);
        Assert.True(ProtocolTower.TryDecode(entry.Tower.Value, out var floors));
        Assert.True(ProtocolTower.TryGetSyntax(floors[0], out var iface));
        Assert.True(ProtocolTower.TryGetTcpPort(floors, out int port));
        return (iface, port);
    }
}
