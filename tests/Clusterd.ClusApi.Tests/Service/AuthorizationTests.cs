using System.Buffers.Binary;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Security;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>One call of a method that needs "All" but changes nothing (the plain opens, the calls this server refuses): its typed answer.</summary>
/// <param name="Name">The case.</param>
/// <param name="Opnum">The method.</param>
/// <param name="Run">Opens what it needs and makes the call; returns its Win32 answer.</param>
public sealed record AllOnlyCall(string Name, ClusApiOpnum Opnum, Func<RpcClient, Task<Win32Error>> Run)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Runs one case of <see cref="FailedCallChangesNothingTests"/> on a fresh store-backed engine and reports what it did.</summary>
internal static class CaseRunner
{
    private const uint MaximumAllowed = 0x02000000;

    /// <summary>What a call answered and what it changed.</summary>
    internal sealed record Outcome(uint Result, string EngineBefore, string EngineAfter, string StoreBefore, string StoreAfter, int Events);

    /// <summary>
    /// Runs <paramref name="call"/> for a caller holding <paramref name="caller"/>: its objects are opened with the Ex
    /// opens and MAXIMUM_ALLOWED (so they carry the caller's level), then the call is made. <paramref name="beforeCall"/>
    /// runs between the opens and the call (the audit tests clear their log there).
    /// </summary>
    public static async Task<Outcome> RunAsync(MutatingCall call, ClusApiAccess caller, ClusApiAudit? audit = null, Action? beforeCall = null,
        RpcAuthLevel level = RpcAuthLevel.None)
    {
        var store = new InMemoryClusterStore();
        await using var host = ServiceHost.Start(level, guard: CallerLevels.Guard(audit));
        var original = host.Provider.Engine;
        host.Provider.Engine = ClusterEngine.Open(store, call.Topology?.Invoke() ?? TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        original.Dispose();
        CallerLevels.Set(host.Engine, caller);
        var engine = host.Engine;
        await using var c = await host.ConnectAsync(level);
        CaseOpens.Desired.Value = MaximumAllowed;
        EncodedCall request;
        try
        {
            request = await call.Request(c, engine);
        }
        finally
        {
            CaseOpens.Desired.Value = null;
        }
        Assert.Equal(call.Opnum, request.Opnum);
        var engineBefore = EngineState.Of(engine);
        var storeBefore = Dump(store);
        var events = new List<ClusterEvent>();
        using var subscription = engine.Subscribe(events.Add);
        beforeCall?.Invoke();
        var response = await c.CallAsync((ushort)request.Opnum, request.Stub);
        return new(ResultOf(call, response), engineBefore, EngineState.Of(engine), storeBefore, Dump(store), events.Count);
    }

    /// <summary>The call's Win32 answer in its response stub (as FailedCallChangesNothingTests reads it).</summary>
    public static uint ResultOf(MutatingCall call, byte[] response) =>
        call.ResultAt is { } at ? BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(at))
        : call.ResultFirst ? BinaryPrimitives.ReadUInt32LittleEndian(response)
        : BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(response.Length - 4));

    /// <summary>Every record of the store, key, durability and value bytes: equal dumps are byte-for-byte equal stores.</summary>
    public static string Dump(InMemoryClusterStore store) =>
        string.Join("\n", store.Load().OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Key + " " + r.Durability + " " + Convert.ToHexString(r.Value.Span))) + "\nrevision " + store.Revision;
}

/// <summary>
/// MS-CMRP 3.1.4 and 3.1.1.3: every method and every control code that needs "All" refuses a caller or a handle with
/// only "Read" with ERROR_ACCESS_DENIED and changes nothing; the same calls with "All" go through
/// (docs/authorization.md, "Which calls need All"). The lists are the implemented methods (the opnum table and
/// <see cref="ClusApiMethodAccess"/>) and the catalogued control codes, so a new method or code is walked, or the walk fails.
/// </summary>
/// <summary>
/// Gives the test server's caller a level through the real cluster security descriptor (docs/authorization.md): the
/// anonymous caller (RpcAuthLevel.None) and DOM\alice, the account of <see cref="ServiceHost"/>, get "Read" by an
/// allow entry, with an administrator holding "All" so the descriptor is one the server accepts; "All" is an engine
/// without a stored descriptor, where every admitted caller holds "All".
/// </summary>
internal static class CallerLevels
{
    private static readonly ClusterAccounts Accounts = new(["alice", "admin"], allowAnonymous: true);

    /// <summary>The guard of a test server: its accounts and <paramref name="audit"/>.</summary>
    public static ClusApiGuard Guard(ClusApiAudit? audit = null) => new(Accounts, audit ?? ClusApiAudit.None);

    /// <summary>Stores the descriptor that gives the caller <paramref name="level"/> (nothing stored for "All").</summary>
    public static void Set(ClusterEngine engine, ClusApiAccess level)
    {
        if (level == ClusApiAccess.All)
        {
            return;
        }
        var descriptor = new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem,
        [
            new(ClusterAceType.Allow, ClusterAccessRights.All, Sid.ForAccount("admin")),
            new(ClusterAceType.Allow, ClusterAccessRights.Read, Sid.AnonymousLogon),
            new(ClusterAceType.Allow, ClusterAccessRights.Read, Sid.ForAccount("alice")),
        ]);
        Assert.Equal(Win32Error.Success, Accounts.Validate(descriptor.Encode(), out _));
        Assert.Equal(Win32Error.Success, engine.Execute(new Clusterd.Cluster.Commands.SetClusterSecurity(descriptor.Encode())));
    }
}

public sealed class AuthorizationTests
{
    private const uint GenericRead = 0x80000000, MaximumAllowed = 0x02000000;
    private const uint Success = 0, IoPending = 997, ResourcePropertiesStored = 0x13A0, AccessDenied = 5;

    public static TheoryData<MutatingCall> MutatingCalls() => new(FailedCallChangesNothingTests.Cases);

    public static TheoryData<AllOnlyCall> AllOnlyCalls() => new(s_allOnly);

    /// <summary>The methods that need "All" and change nothing: the plain opens (MS-CMRP 3.1.4.2.1, .9, .42, .67, .81, .92) and ApiSetKeySecurity (refused, MS-CMRP 3.1.4.2.40).</summary>
    private static readonly AllOnlyCall[] s_allOnly =
    [
        new("ApiOpenCluster", ClusApiOpnum.ApiOpenCluster, async c => (await c.CallAsync(new OpenClusterRequest())).Status),
        new("ApiOpenResource", ClusApiOpnum.ApiOpenResource, async c => (await c.CallAsync(new OpenResourceRequest("Cluster Disk 1"))).Status),
        new("ApiOpenGroup", ClusApiOpnum.ApiOpenGroup, async c => (await c.CallAsync(new OpenGroupRequest("Cluster Group"))).Status),
        new("ApiOpenNode", ClusApiOpnum.ApiOpenNode, async c => (await c.CallAsync(new OpenNodeRequest("node1"))).Status),
        new("ApiOpenNetwork", ClusApiOpnum.ApiOpenNetwork, async c => (await c.CallAsync(new OpenNetworkRequest("Cluster Network 1"))).Status),
        new("ApiOpenNetInterface", ClusApiOpnum.ApiOpenNetInterface, async c => (await c.CallAsync(new OpenNetInterfaceRequest("node1 - Ethernet"))).Status),
        new("ApiSetKeySecurity", ClusApiOpnum.ApiSetKeySecurity, async c =>
        {
            var root = await Stub.OpenAsync(c, new GetRootKeyRequest(MaximumAllowed));
            return (await c.CallAsync(new SetKeySecurityRequest(root, 4, new RpcSecurityDescriptor(new byte[20], 20, 20)))).Result;
        }),
    ];

    [Fact]
    public void Every_implemented_method_has_an_access_rule_and_every_rule_an_implemented_method()
    {
        var implemented = ClusApiService.TypedMethods.Select(m => m.Opnum).ToHashSet();
        Assert.Empty(implemented.Except(ClusApiMethodAccess.Classified).Order());
        Assert.Empty(ClusApiMethodAccess.Classified.Except(implemented).Order());
        Assert.All(ClusApiService.TypedMethods, m => Assert.Matches(@"^3\.1\.4\.2\.\d+$", m.Access.Section));
    }

    [Fact]
    public void Every_method_that_needs_All_is_walked_and_every_walked_call_needs_All()
    {
        var needAll = ClusApiService.TypedMethods.Where(m => m.Access.Rule is AccessRule.All or AccessRule.Open).Select(m => m.Opnum).ToHashSet();
        var walked = FailedCallChangesNothingTests.Cases.Select(c => c.Opnum).Concat(s_allOnly.Select(c => c.Opnum)).ToHashSet();
        Assert.Empty(needAll.Except(walked).Order()); // a new method that needs All: add a case
        Assert.All(FailedCallChangesNothingTests.Cases, c => Assert.Contains(ClusApiMethodAccess.For(c.Opnum).Rule, new[] { AccessRule.All, AccessRule.Control }));
        Assert.All(s_allOnly, c => Assert.Contains(ClusApiMethodAccess.For(c.Opnum).Rule, new[] { AccessRule.All, AccessRule.Open }));
    }

    [Theory]
    [MemberData(nameof(MutatingCalls))]
    public async Task A_Read_caller_gets_ERROR_ACCESS_DENIED_from_every_mutating_call_and_the_database_is_byte_for_byte_unchanged(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var o = await CaseRunner.RunAsync(call, ClusApiAccess.Read);
        Assert.Equal(AccessDenied, o.Result);
        Assert.Equal(o.EngineBefore, o.EngineAfter);
        Assert.Equal(o.StoreBefore, o.StoreAfter);
        Assert.Equal(0, o.Events);
    }

    [Theory]
    [MemberData(nameof(MutatingCalls))]
    public async Task An_All_caller_makes_the_same_calls_with_MAXIMUM_ALLOWED_handles_and_they_succeed(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var o = await CaseRunner.RunAsync(call, ClusApiAccess.All);
        Assert.True(o.Result is Success or IoPending or ResourcePropertiesStored, $"{call}: 0x{o.Result:X}");
        Assert.NotEqual(o.EngineBefore, o.EngineAfter);
    }

    [Theory]
    [MemberData(nameof(AllOnlyCalls))]
    public async Task A_Read_caller_gets_ERROR_ACCESS_DENIED_from_the_methods_that_need_All_and_change_nothing(AllOnlyCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var host = ServiceHost.Start(RpcAuthLevel.None, guard: CallerLevels.Guard());
        CallerLevels.Set(host.Engine, ClusApiAccess.Read);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.AccessDenied, await call.Run(c));
        Assert.Equal(before, EngineState.Of(host.Engine));

        await using var admin = ServiceHost.Start(RpcAuthLevel.None);
        await using var a = await admin.ConnectAsync(RpcAuthLevel.None);
        Assert.NotEqual(Win32Error.AccessDenied, await call.Run(a));
    }

    [Fact]
    public async Task The_Ex_opens_grant_a_Read_caller_Read_for_MAXIMUM_ALLOWED_and_refuse_GENERIC_ALL()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None, guard: CallerLevels.Guard());
        CallerLevels.Set(host.Engine, ClusApiAccess.Read);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var max = await c.CallAsync(new OpenClusterExRequest(MaximumAllowed));
        Assert.Equal((Win32Error.Success, GenericRead), (max.Status, max.GrantedAccess));
        var all = await c.CallAsync(new OpenResourceExRequest("Cluster Disk 1", 0x10000000));
        Assert.Equal((Win32Error.AccessDenied, 0u), (all.Status, all.GrantedAccess));
        Assert.True(all.Handle.IsNull);
        // A Read caller reads: the group set opens with its level, and a read through it works.
        var set = await Stub.OpenAsync(c, new OpenGroupSetRequest("Cluster Group"));
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(c, new GroupSetControlRequest(set, ControlCodes.GroupSetGetName, default, 512))).Result);
    }

    [Fact]
    public async Task An_All_caller_with_a_GENERIC_READ_handle_is_refused_by_a_method_that_needs_All()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var read = await Stub.OpenExAsync(c, new OpenResourceExRequest("Network Name", GenericRead));
        var before = EngineState.Of(host.Engine);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new SetResourceNameRequest(read, "Renamed"))).Result);
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new OfflineResourceRequest(read))).Result);
        Assert.Equal(before, EngineState.Of(host.Engine));
        // The same caller through an All handle: changed.
        var all = await Stub.OpenExAsync(c, new OpenResourceExRequest("Network Name", MaximumAllowed));
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new SetResourceNameRequest(all, "Renamed"))).Result);
    }

    // ---- control codes ----

    /// <summary>The handles of one connection: every object kind a control code can address, and a host node.</summary>
    private sealed record Handles(ResourceHandle Resource, ClusterHandle Cluster, GroupHandle Group, NodeHandle Node, NetworkHandle Network,
        NetInterfaceHandle NetInterface, GroupSetHandle GroupSet, NodeHandle HostNode);

    private static async Task<Handles> OpenAllAsync(RpcClient c, uint desired, uint hostNodeDesired) => new(
        await Stub.OpenExAsync(c, new OpenResourceExRequest("Cluster Disk 1", desired)),
        await Stub.OpenClusterExAsync(c, desired),
        await Stub.OpenExAsync(c, new OpenGroupExRequest("Cluster Group", desired)),
        await Stub.OpenExAsync(c, new OpenNodeExRequest("node2", desired)),
        await Stub.OpenExAsync(c, new OpenNetworkExRequest("Cluster Network 1", desired)),
        await Stub.OpenExAsync(c, new OpenNetInterfaceExRequest("node1 - Ethernet", desired)),
        await Stub.OpenAsync(c, new OpenGroupSetRequest("Cluster Group")),
        await Stub.OpenExAsync(c, new OpenNodeExRequest("node1", hostNodeDesired)));

    /// <summary>The code through its object's control method, and through the node variant (node1 as host).</summary>
    private static async Task<(Win32Error Plain, Win32Error Node)> ControlAsync(RpcClient c, Handles h, KnownControlCode known)
    {
        var code = known.Code.Value;
        var input = ReadOnlyMemory<byte>.Empty;
        const uint Out = 4096;
        return known.Code.ObjectType switch
        {
            ControlObject.Resource => ((await Stub.ControlAsync(c, new ResourceControlRequest(h.Resource, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeResourceControlRequest(h.Resource, h.HostNode, code, input, Out))).Result),
            ControlObject.ResourceType => ((await Stub.ControlAsync(c, new ResourceTypeControlRequest(h.Cluster, "Physical Disk", code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeResourceTypeControlRequest(h.Cluster, "Physical Disk", h.HostNode, code, input, Out))).Result),
            ControlObject.Group => ((await Stub.ControlAsync(c, new GroupControlRequest(h.Group, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeGroupControlRequest(h.Group, h.HostNode, code, input, Out))).Result),
            ControlObject.Node => ((await Stub.ControlAsync(c, new NodeControlRequest(h.Node, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeNodeControlRequest(h.Node, h.HostNode, code, input, Out))).Result),
            ControlObject.Network => ((await Stub.ControlAsync(c, new NetworkControlRequest(h.Network, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeNetworkControlRequest(h.Network, h.HostNode, code, input, Out))).Result),
            ControlObject.NetInterface => ((await Stub.ControlAsync(c, new NetInterfaceControlRequest(h.NetInterface, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeNetInterfaceControlRequest(h.NetInterface, h.HostNode, code, input, Out))).Result),
            ControlObject.Cluster => ((await Stub.ControlAsync(c, new ClusterControlRequest(h.Cluster, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeClusterControlRequest(h.Cluster, h.HostNode, code, input, Out))).Result),
            ControlObject.GroupSet => ((await Stub.ControlAsync(c, new GroupSetControlRequest(h.GroupSet, code, input, Out))).Result,
                (await Stub.ControlAsync(c, new NodeGroupSetControlRequest(h.GroupSet, h.HostNode, code, input, Out))).Result),
            var other => throw new InvalidOperationException($"{known.Name}: no control method for {other} in this walk; add one"),
        };
    }

    private static IEnumerable<KnownControlCode> ModifyCodes => ControlCodes.All.Where(k => k.Code.IsModify);

    [Fact]
    public async Task A_Read_caller_gets_ERROR_ACCESS_DENIED_for_every_control_code_with_the_modify_bit_and_nothing_changes()
    {
        Assert.NotEmpty(ModifyCodes);
        var store = new InMemoryClusterStore();
        await using var host = ServiceHost.Start(RpcAuthLevel.None, guard: CallerLevels.Guard());
        var original = host.Provider.Engine;
        host.Provider.Engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(),
            new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        original.Dispose();
        CallerLevels.Set(host.Engine, ClusApiAccess.Read);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var h = await OpenAllAsync(c, MaximumAllowed, MaximumAllowed);
        var engineBefore = EngineState.Of(host.Engine);
        var storeBefore = CaseRunner.Dump(store);
        foreach (var known in ModifyCodes)
        {
            var (plain, node) = await ControlAsync(c, h, known);
            Assert.True(plain == Win32Error.AccessDenied && node == Win32Error.AccessDenied, $"{known.Name}: {plain}, node variant {node}");
            Assert.Equal(engineBefore, EngineState.Of(host.Engine));
            Assert.Equal(storeBefore, CaseRunner.Dump(store));
        }
    }

    [Fact]
    public async Task A_Read_node_handle_refuses_every_modify_code_in_the_node_variants_of_an_All_caller()
    {
        await using var host = ServiceHost.Start(RpcAuthLevel.None);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var h = await OpenAllAsync(c, MaximumAllowed, GenericRead);
        var before = EngineState.Of(host.Engine);
        foreach (var known in ModifyCodes)
        {
            var (_, node) = await ControlAsync(c, h, known);
            Assert.True(node == Win32Error.AccessDenied, $"{known.Name}: node variant {node}");
        }
        Assert.Equal(before, EngineState.Of(host.Engine));
    }

    [Fact]
    public async Task An_All_caller_is_not_refused_any_control_code_and_a_Read_caller_no_read_code()
    {
        await using var admin = ServiceHost.Start(RpcAuthLevel.None);
        await using var a = await admin.ConnectAsync(RpcAuthLevel.None);
        var all = await OpenAllAsync(a, MaximumAllowed, MaximumAllowed);
        foreach (var known in ControlCodes.All)
        {
            var (plain, node) = await ControlAsync(a, all, known);
            Assert.True(plain != Win32Error.AccessDenied && node != Win32Error.AccessDenied, $"{known.Name}: {plain}, node variant {node}");
        }

        await using var host = ServiceHost.Start(RpcAuthLevel.None, guard: CallerLevels.Guard());
        CallerLevels.Set(host.Engine, ClusApiAccess.Read);
        await using var c = await host.ConnectAsync(RpcAuthLevel.None);
        var read = await OpenAllAsync(c, MaximumAllowed, MaximumAllowed);
        var reads = ControlCodes.All.Where(k => !k.Code.IsModify).ToList();
        Assert.NotEmpty(reads);
        foreach (var known in reads)
        {
            var (plain, node) = await ControlAsync(c, read, known);
            Assert.True(plain != Win32Error.AccessDenied && node != Win32Error.AccessDenied, $"{known.Name}: {plain}, node variant {node}");
        }
    }
}
