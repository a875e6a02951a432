using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>The registry read methods over the cluster database (MS-CMRP 3.1.4.2.29-41).</summary>
public sealed class RegistryMethodsTests
{
    private static Task<KeyHandle> RootAsync(RpcClient c) => Stub.OpenAsync(c, new GetRootKeyRequest(0x02000000));

    [Fact]
    public async Task QueryValue_answers_MORE_DATA_then_the_value_in_exactly_cbData_bytes()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        QueryValueRequest Query(uint cb) => new(root, "ClusterInstanceID", cb);
        var r = await c.CallAsync(Query(0));
        Assert.Equal(1u, r.ValueType); // REG_SZ
        Assert.Equal(0, r.Data.Length);
        var required = r.DataRequired;
        Assert.Equal(0u, r.RpcStatus);
        Assert.Equal(Win32Error.MoreData, r.Result);
        r = await c.CallAsync(Query(required + 6));
        Assert.Equal(1u, r.ValueType);
        var data = r.Data.ToArray();
        Assert.Equal((int)required + 6, data.Length);
        Assert.Equal("8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f\0", Encoding.Unicode.GetString(data, 0, (int)required));
        Assert.Equal(required, r.DataRequired);
        Assert.Equal(Win32Error.Success, r.Result);
    }

    [Fact]
    public async Task EnumKey_OpenKey_EnumValue_QueryInfoKey_GetKeySecurity_walk_the_database()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var names = new List<string>();
        for (uint i = 0; ; i++)
        {
            var r = await c.CallAsync(new EnumKeyRequest(root, i));
            if (r.Result == Win32Error.NoMoreItems)
            {
                Assert.Null(r.KeyName);
                break;
            }
            Assert.Equal(Win32Error.Success, r.Result);
            names.Add(r.KeyName!);
        }
        Assert.Contains("Nodes", names);
        Assert.Contains("Resources", names);

        var open = await c.CallAsync(new OpenKeyRequest(root, @"Nodes\1", 0x20019));
        Assert.Equal(Win32Error.Success, open.Status);
        var node = open.Handle;

        var info = await c.CallAsync(new QueryInfoKeyRequest(node));
        Assert.Equal(0u, info.SubKeys);
        Assert.True(info.Values >= 9);

        var seen = 0;
        for (uint i = 0; ; i++)
        {
            // The decoder checks lpcbData against the array's max_count (the old hand-read assertion).
            var r = await c.CallAsync(new EnumValueRequest(node, i, 1024));
            if (r.Result == Win32Error.NoMoreItems)
            {
                break;
            }
            Assert.Equal(Win32Error.Success, r.Result);
            seen++;
        }
        Assert.Equal((int)info.Values, seen);

        // GetKeySecurity: NULL buffer → ERROR_INSUFFICIENT_BUFFER with the size; retry → success.
        GetKeySecurityRequest Sec(uint cb) => new(node, 7, new RpcSecurityDescriptor(cb > 0 ? ReadOnlyMemory<byte>.Empty : null, cb, 0));
        var s = await c.CallAsync(Sec(0));
        Assert.Null(s.Descriptor.Buffer);
        var needed = s.Descriptor.InSize;
        Assert.Equal(0u, s.Descriptor.OutSize);
        Assert.Equal(Win32Error.InsufficientBuffer, s.Result);
        s = await c.CallAsync(Sec(needed));
        Assert.NotNull(s.Descriptor.Buffer);
        Assert.Equal(needed, s.Descriptor.InSize);
        Assert.Equal(needed, s.Descriptor.OutSize);
        var sd = s.Descriptor.Buffer.Value;
        Assert.Equal((int)needed, sd.Length);
        Assert.Equal(1, sd.Span[0]);
        Assert.Equal(Win32Error.Success, s.Result);
        Assert.Equal(new byte[24], await c.CallRawAsync(new CloseKeyRequest(node)));
    }

    // Found by the fuzz harness (clusapi target): cbInSecurityDescriptor above int.MaxValue made the handler throw
    // OverflowException (an unspecified fault) instead of echoing it as the array's max_count (MS-CMRP 3.1.4.2.41).
    [Fact]
    public async Task GetKeySecurity_cbInSecurityDescriptor_above_int_max_is_echoed_as_max_count()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        // Hand-made on purpose: cbInSecurityDescriptor 0xFFFFFFFF with an empty [in] array of max_count 0, a request the
        // contract cannot write (it sends cbIn as the max_count); the answer's max_count is what the test reads.
        var w = new NdrWriter();
        w.WriteContextHandle(root.Value);
        w.WriteUInt32(7);
        w.WriteReferentId(true);
        w.WriteUInt32(0xFFFFFFFF); // cbInSecurityDescriptor
        w.WriteUInt32(0); // cbOutSecurityDescriptor
        w.WriteUInt32(0); // max_count, offset, actual_count of an empty [in] array
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        var s = new NdrReader(await c.CallAsync((ushort)GetKeySecurityRequest.Opnum, w.ToArray()));
        Assert.NotEqual(0u, s.ReadUInt32());
        Assert.Equal(0xFFFFFFFFu, s.ReadUInt32());
        var length = s.ReadUInt32();
        Assert.Equal(0xFFFFFFFFu, s.ReadUInt32());
        Assert.Equal(0u, s.ReadUInt32());
        Assert.Equal(length, s.ReadUInt32());
        s.ReadBytes((int)length);
        Assert.Equal(0u, s.ReadUInt32());
        Assert.Equal((uint)Win32Error.Success, s.ReadUInt32());
    }
}
