using System.Text;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>The registry read methods over the cluster database (MS-CMRP 3.1.4.2.29-41).</summary>
public sealed class RegistryMethodsTests
{
    private static async Task<NdrContextHandle> RootAsync(Clusterd.Rpc.Client.RpcClient c)
    {
        var r = new NdrReader(await c.CallAsync(28, Stub.Build(w => w.WriteUInt32(0x02000000))));
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        return r.ReadContextHandle();
    }

    [Fact]
    public async Task QueryValue_answers_MORE_DATA_then_the_value_in_exactly_cbData_bytes()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        byte[] Query(uint cb) => Stub.Build(w =>
        {
            w.WriteContextHandle(root);
            w.WriteConformantVaryingString("ClusterInstanceID");
            w.WriteUInt32(cb);
        });
        var r = new NdrReader(await c.CallAsync(34, Query(0)));
        Assert.Equal(1u, r.ReadUInt32()); // REG_SZ
        Assert.Equal(0, r.ReadConformantByteArray().Length);
        var required = r.ReadUInt32();
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal((uint)Win32Error.MoreData, r.ReadUInt32());
        r = new NdrReader(await c.CallAsync(34, Query(required + 6)));
        Assert.Equal(1u, r.ReadUInt32());
        var data = r.ReadConformantByteArray().ToArray();
        Assert.Equal((int)required + 6, data.Length);
        Assert.Equal("8c2b5f0e-6c5e-4f3a-9d0b-1a2b3c4d5e6f\0", Encoding.Unicode.GetString(data, 0, (int)required));
        Assert.Equal(required, r.ReadUInt32());
        r.ReadUInt32();
        Assert.Equal(0u, r.ReadUInt32());
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
            var r = new NdrReader(await c.CallAsync(31, Stub.Build(w => { w.WriteContextHandle(root); w.WriteUInt32(i); })));
            var name = r.ReadUniqueString();
            r.ReadUInt32();
            r.ReadUInt32();
            r.ReadUInt32();
            var result = r.ReadUInt32();
            if (result == (uint)Win32Error.NoMoreItems)
            {
                Assert.Null(name);
                break;
            }
            Assert.Equal(0u, result);
            names.Add(name!);
        }
        Assert.Contains("Nodes", names);
        Assert.Contains("Resources", names);

        var open = new NdrReader(await c.CallAsync(30, Stub.Build(w => { w.WriteContextHandle(root); w.WriteConformantVaryingString(@"Nodes\1"); w.WriteUInt32(0x20019); })));
        Assert.Equal(0u, open.ReadUInt32());
        open.ReadUInt32();
        var node = open.ReadContextHandle();

        var info = new NdrReader(await c.CallAsync(38, Stub.Handle(node)));
        var subKeys = info.ReadUInt32();
        info.ReadUInt32();
        var values = info.ReadUInt32();
        Assert.Equal(0u, subKeys);
        Assert.True(values >= 9);

        var seen = 0;
        for (uint i = 0; ; i++)
        {
            var r = new NdrReader(await c.CallAsync(36, Stub.Build(w => { w.WriteContextHandle(node); w.WriteUInt32(i); w.WriteUInt32(1024); })));
            r.ReadUniqueString();
            r.ReadUInt32();
            var data = r.ReadConformantByteArray();
            Assert.Equal((uint)data.Length, r.ReadUInt32());
            r.ReadUInt32();
            r.ReadUInt32();
            var result = r.ReadUInt32();
            if (result == (uint)Win32Error.NoMoreItems)
            {
                break;
            }
            Assert.Equal(0u, result);
            seen++;
        }
        Assert.Equal((int)values, seen);

        // GetKeySecurity: NULL buffer → ERROR_INSUFFICIENT_BUFFER with the size; retry → success.
        byte[] Sec(uint cb) => Stub.Build(w =>
        {
            w.WriteContextHandle(node);
            w.WriteUInt32(7);
            var some = w.WriteReferentId(cb > 0);
            w.WriteUInt32(cb);
            w.WriteUInt32(0);
            if (some)
            {
                w.WriteConformantVaryingByteArray((int)cb, []);
            }
        });
        var s = new NdrReader(await c.CallAsync(40, Sec(0)));
        Assert.Equal(0u, s.ReadUInt32());
        var needed = s.ReadUInt32();
        Assert.Equal(0u, s.ReadUInt32());
        s.ReadUInt32();
        Assert.Equal((uint)Win32Error.InsufficientBuffer, s.ReadUInt32());
        s = new NdrReader(await c.CallAsync(40, Sec(needed)));
        Assert.NotEqual(0u, s.ReadUInt32());
        Assert.Equal(needed, s.ReadUInt32());
        Assert.Equal(needed, s.ReadUInt32());
        var sd = s.ReadConformantVaryingByteArray();
        Assert.Equal((int)needed, sd.Length);
        Assert.Equal(1, sd.Span[0]);
        s.ReadUInt32();
        Assert.Equal(0u, s.ReadUInt32());
        Assert.Equal(new byte[24], await c.CallAsync(37, Stub.Handle(node)));
    }

    // Found by the fuzz harness (clusapi target): cbInSecurityDescriptor above int.MaxValue made the handler throw
    // OverflowException (an unspecified fault) instead of echoing it as the array's max_count (MS-CMRP 3.1.4.2.41).
    [Fact]
    public async Task GetKeySecurity_cbInSecurityDescriptor_above_int_max_is_echoed_as_max_count()
    {
        await using var host = ServiceHost.Start();
        await using var c = await host.ConnectAsync();
        var root = await RootAsync(c);
        var s = new NdrReader(await c.CallAsync(40, Stub.Build(w =>
        {
            w.WriteContextHandle(root);
            w.WriteUInt32(7);
            w.WriteReferentId(true);
            w.WriteUInt32(0xFFFFFFFF); // cbInSecurityDescriptor
            w.WriteUInt32(0); // cbOutSecurityDescriptor
            w.WriteUInt32(0); // max_count, offset, actual_count of an empty [in] array
            w.WriteUInt32(0);
            w.WriteUInt32(0);
        })));
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
