using System.Net;
using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Server.Tests;

/// <summary>
/// MS-CMRP calls written with <see cref="RpcClient"/>, <see cref="NdrWriter"/> and <see cref="NdrReader"/> in the wire
/// notation ClusApiNdr describes, independent of any managed ClusAPI client: what a real client puts on the wire.
/// </summary>
internal static class ClusApiWire
{
    public static readonly SyntaxId Interface = SyntaxId.ForInterface(ClusApiService.InterfaceUuid, ClusApiService.MajorVersion, ClusApiService.MinorVersion);

    /// <summary>A sealed (packet privacy) SPNEGO/NTLM connection; <paramref name="associationGroupId"/> joins an association.</summary>
    public static async Task<RpcClient> ConnectAsync(int port, string user, string password, uint associationGroupId = 0)
    {
        var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), new RpcClientOptions { AssociationGroupId = associationGroupId });
        var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword(user, "WORKGROUP", password))!;
        await client.BindAsync(Interface, initiator, RpcAuthLevel.Privacy);
        return client;
    }

    /// <summary>ApiOpenCluster (0): – → W Status, H.</summary>
    public static async Task<NdrContextHandle> OpenClusterAsync(RpcClient c)
    {
        var r = new NdrReader(await c.CallAsync(0, Array.Empty<byte>()));
        Assert.Equal(0u, r.ReadUInt32());
        return r.ReadContextHandle();
    }

    /// <summary>ApiOpenResource (8): Sin → W Status, W rpc_status, H.</summary>
    public static async Task<NdrContextHandle> OpenResourceAsync(RpcClient c, string name)
    {
        var r = new NdrReader(await c.CallAsync(8, Build(w => w.WriteConformantVaryingString(name))));
        Assert.Equal(0u, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        return r.ReadContextHandle();
    }

    /// <summary>ApiCreateEnum (7): u32 dwType → EL, W rpc_status, W; the entry names.</summary>
    public static async Task<IReadOnlyList<string>> CreateEnumAsync(RpcClient c, uint type)
    {
        var r = new NdrReader(await c.CallAsync(7, Build(w => w.WriteUInt32(type))));
        Assert.NotEqual(0u, r.ReadReferentId());
        int max = checked((int)r.ReadUInt32());
        int count = checked((int)r.ReadUInt32());
        Assert.Equal(max, count);
        var pointers = new bool[count];
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(type, r.ReadUInt32());
            pointers[i] = r.ReadReferentId() != 0;
        }
        var names = new List<string>(count);
        foreach (bool present in pointers)
        {
            Assert.True(present);
            names.Add(r.ReadConformantVaryingString());
        }
        Assert.Equal(0u, r.ReadUInt32()); // rpc_status
        Assert.Equal(0u, r.ReadUInt32());
        return names;
    }

    /// <summary>ApiResourceControl (73): H, code, UB, nIn, nOut → CVout, returned, required, rpc_status, W.</summary>
    public static async Task<(Win32Error Result, byte[] Data)> ResourceControlAsync(RpcClient c, NdrContextHandle resource, uint code, byte[]? input = null, uint outSize = 0)
    {
        var stub = Build(w =>
        {
            w.WriteContextHandle(resource);
            w.WriteUInt32(code);
            if (w.WriteReferentId(input is not null))
            {
                w.WriteConformantByteArray(input);
            }
            w.WriteUInt32((uint)(input?.Length ?? 0));
            w.WriteUInt32(outSize);
        });
        var r = new NdrReader(await c.CallAsync(73, stub));
        Assert.Equal(outSize, r.ReadUInt32());
        Assert.Equal(0u, r.ReadUInt32());
        int actual = checked((int)r.ReadUInt32());
        var data = r.ReadBytes(actual).ToArray();
        Assert.Equal((uint)actual, r.ReadUInt32()); // lpBytesReturned
        _ = r.ReadUInt32(); // lpcbRequired
        Assert.Equal(0u, r.ReadUInt32()); // rpc_status
        return ((Win32Error)r.ReadUInt32(), data);
    }

    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO, parsed with <see cref="CsvVolumeInfoList.TryRead"/>.</summary>
    public static async Task<CsvVolumeInfo> VolumeInfoAsync(RpcClient c, NdrContextHandle resource)
    {
        var (result, data) = await ResourceControlAsync(c, resource, ControlCodes.GetSharedVolumeInfo, outSize: 4096);
        Assert.Equal(Win32Error.Success, result);
        Assert.Equal(Win32Error.Success, CsvVolumeInfoList.TryRead(data, out var volumes));
        return Assert.Single(volumes);
    }

    public static Task<(Win32Error Result, byte[] Data)> SetBackupModeAsync(RpcClient c, NdrContextHandle resource, string volume, SharedVolumeBackupState state, uint delaySeconds) =>
        ResourceControlAsync(c, resource, ControlCodes.SetSharedVolumeBackupMode, new SharedVolumeBackupMode(state, delaySeconds, volume).ToArray());

    /// <summary>DISABLE_SHARED_VOLUME_DIRECTIO with the volume name as a NUL-terminated UTF-16 string (MS-CMRP 3.1.4.3.1.53).</summary>
    public static Task<(Win32Error Result, byte[] Data)> DisableDirectIOAsync(RpcClient c, NdrContextHandle resource, string volume) =>
        ResourceControlAsync(c, resource, ControlCodes.DisableSharedVolumeDirectIO, Encoding.Unicode.GetBytes(volume + "\0"), outSize: 512);

    public static Task<(Win32Error Result, byte[] Data)> SetMaintenanceAsync(RpcClient c, NdrContextHandle resource, string volume, bool on) =>
        ResourceControlAsync(c, resource, ControlCodes.SetCsvMaintenanceMode, new CsvMaintenanceModeInfo(on, volume).ToArray());

    /// <summary>ApiCreateNotifyV2 (137).</summary>
    public static async Task<NdrContextHandle> CreateNotifyV2Async(RpcClient c)
    {
        var response = CreateNotifyV2Response.Read(new NdrReader(await c.CallAsync(NotifyOpnums.ApiCreateNotifyV2, Array.Empty<byte>())));
        Assert.Equal(Win32Error.Success, response.RpcError);
        return response.Handle.Value;
    }

    /// <summary>ApiAddNotifyV2 (138) with dwVersion 2, not targeted.</summary>
    public static async Task<Win32Error> AddNotifyV2Async(RpcClient c, NdrContextHandle port, NdrContextHandle obj, ClusterObjectType type, long flags, uint key)
    {
        var request = new AddNotifyV2Request(new NotifyHandle(port), obj, new NotifyFilterAndType((uint)type, flags), key, 2, false);
        var r = new NdrReader(await c.CallAsync(NotifyOpnums.ApiAddNotifyV2, Build(request.Write)));
        Assert.Equal(0u, r.ReadUInt32());
        return (Win32Error)r.ReadUInt32();
    }

    /// <summary>ApiGetNotifyV2 (139): waits on the server until a notification, unblock or close.</summary>
    public static async Task<GetNotifyV2Response> GetNotifyV2Async(RpcClient c, NdrContextHandle port) =>
        GetNotifyV2Response.Read(new NdrReader(await c.CallAsync(NotifyOpnums.ApiGetNotifyV2, Build(new GetNotifyV2Request(new NotifyHandle(port)).Write))));

    /// <summary>ApiUnblockGetNotifyCall (107): H → W.</summary>
    public static async Task<Win32Error> UnblockAsync(RpcClient c, NdrContextHandle port) =>
        (Win32Error)new NdrReader(await c.CallAsync(NotifyOpnums.ApiUnblockGetNotifyCall, Build(w => w.WriteContextHandle(port)))).ReadUInt32();

    /// <summary>ApiCloseNotify (56): [in,out] H → H, W.</summary>
    public static async Task<(NdrContextHandle Handle, Win32Error Result)> CloseNotifyAsync(RpcClient c, NdrContextHandle port)
    {
        var r = new NdrReader(await c.CallAsync(NotifyOpnums.ApiCloseNotify, Build(w => w.WriteContextHandle(port))));
        return (r.ReadContextHandle(), (Win32Error)r.ReadUInt32());
    }

    /// <summary>The CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries of a CSV notification's value list (MS-CMRP 3.1.4.2.138).</summary>
    public static IReadOnlyList<SharedVolumeStateInfoEx> StateInfoEx(ReadOnlyMemory<byte> buffer)
    {
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(buffer.Span, out var states));
        return states;
    }

    private static byte[] Build(Action<NdrWriter> write)
    {
        var w = new NdrWriter();
        write(w);
        return w.ToArray();
    }
}
