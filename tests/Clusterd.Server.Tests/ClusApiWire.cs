using System.Net;
using System.Text;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Service;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;
using Clusterd.Rpc.Security;

namespace Clusterd.Server.Tests;

/// <summary>
/// MS-CMRP calls over a raw <see cref="RpcClient"/> (a sealed bind of its own, no managed ClusAPI client), each request
/// and response the contract's type (<see cref="ClusApiCallExtensions"/>): what a real client puts on the wire.
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

    /// <summary>ApiOpenCluster, asserting success.</summary>
    public static async Task<ClusterHandle> OpenClusterAsync(RpcClient c)
    {
        var response = await c.CallAsync(new OpenClusterRequest());
        Assert.Equal(Win32Error.Success, response.Status);
        return response.Handle;
    }

    /// <summary>ApiOpenResource, asserting success.</summary>
    public static async Task<ResourceHandle> OpenResourceAsync(RpcClient c, string name)
    {
        var response = await c.CallAsync(new OpenResourceRequest(name));
        Assert.Equal(Win32Error.Success, response.Status);
        Assert.Equal(0u, response.RpcStatus);
        return response.Handle;
    }

    /// <summary>ApiCreateEnum: the entry names (every entry of <paramref name="type"/>, none NULL).</summary>
    public static async Task<IReadOnlyList<string>> CreateEnumAsync(RpcClient c, uint type)
    {
        var response = await c.CallAsync(new CreateEnumRequest(type));
        Assert.NotNull(response.Entries);
        var names = new List<string>(response.Entries.Count);
        foreach (var entry in response.Entries)
        {
            Assert.Equal(type, entry.Type);
            Assert.NotNull(entry.Name);
            names.Add(entry.Name);
        }
        Assert.Equal(0u, response.RpcStatus);
        Assert.Equal(Win32Error.Success, response.Result);
        return names;
    }

    /// <summary>ApiResourceControl: the result and the bytes returned (the array's max_count is nOutBufferSize).</summary>
    public static async Task<(Win32Error Result, byte[] Data)> ResourceControlAsync(RpcClient c, ResourceHandle resource, uint code, byte[]? input = null, uint outSize = 0)
    {
        var response = await c.CallAsync(new ResourceControlRequest(resource, code, input, outSize));
        Assert.Equal(outSize, response.OutBufferSize);
        Assert.Equal((uint)response.Output.Length, response.BytesReturned);
        Assert.Equal(0u, response.RpcStatus);
        return (response.Result, response.Output.ToArray());
    }

    /// <summary>CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_INFO, parsed with <see cref="CsvVolumeInfoList.TryRead"/>.</summary>
    public static async Task<CsvVolumeInfo> VolumeInfoAsync(RpcClient c, ResourceHandle resource)
    {
        var (result, data) = await ResourceControlAsync(c, resource, ControlCodes.GetSharedVolumeInfo, outSize: 4096);
        Assert.Equal(Win32Error.Success, result);
        Assert.Equal(Win32Error.Success, CsvVolumeInfoList.TryRead(data, out var volumes));
        return Assert.Single(volumes);
    }

    public static Task<(Win32Error Result, byte[] Data)> SetBackupModeAsync(RpcClient c, ResourceHandle resource, string volume, SharedVolumeBackupState state, uint delaySeconds) =>
        ResourceControlAsync(c, resource, ControlCodes.SetSharedVolumeBackupMode, new SharedVolumeBackupMode(state, delaySeconds, volume).ToArray());

    /// <summary>DISABLE_SHARED_VOLUME_DIRECTIO with the volume name as a NUL-terminated UTF-16 string (MS-CMRP 3.1.4.3.1.53).</summary>
    public static Task<(Win32Error Result, byte[] Data)> DisableDirectIOAsync(RpcClient c, ResourceHandle resource, string volume) =>
        ResourceControlAsync(c, resource, ControlCodes.DisableSharedVolumeDirectIO, Encoding.Unicode.GetBytes(volume + "\0"), outSize: 512);

    public static Task<(Win32Error Result, byte[] Data)> SetMaintenanceAsync(RpcClient c, ResourceHandle resource, string volume, bool on) =>
        ResourceControlAsync(c, resource, ControlCodes.SetCsvMaintenanceMode, new CsvMaintenanceModeInfo(on, volume).ToArray());

    /// <summary>ApiCreateNotifyV2.</summary>
    public static async Task<NotifyHandle> CreateNotifyV2Async(RpcClient c)
    {
        var response = await c.CallAsync(new CreateNotifyV2Request());
        Assert.Equal(Win32Error.Success, response.RpcError);
        return response.Handle;
    }

    /// <summary>ApiAddNotifyV2 with dwVersion 2, not targeted.</summary>
    public static async Task<Win32Error> AddNotifyV2Async(RpcClient c, NotifyHandle port, NdrContextHandle obj, ClusterObjectType type, long flags, uint key)
    {
        var response = await c.CallAsync(new AddNotifyV2Request(port, obj, new NotifyFilterAndType((uint)type, flags), key, 2, false));
        Assert.Equal(0u, response.RpcStatus);
        return response.Result;
    }

    /// <summary>ApiGetNotifyV2: waits on the server until a notification, unblock or close.</summary>
    public static Task<GetNotifyV2Response> GetNotifyV2Async(RpcClient c, NotifyHandle port) => c.CallAsync(new GetNotifyV2Request(port));

    /// <summary>ApiUnblockGetNotifyCall.</summary>
    public static async Task<Win32Error> UnblockAsync(RpcClient c, NotifyHandle port) => (await c.CallAsync(new UnblockGetNotifyCallRequest(port))).Result;

    /// <summary>ApiCloseNotify: the handle as the server left it (NULL when closed) and the result.</summary>
    public static async Task<(NotifyHandle Handle, Win32Error Result)> CloseNotifyAsync(RpcClient c, NotifyHandle port)
    {
        var response = await c.CallAsync(new CloseNotifyRequest(port));
        return (response.Handle, response.Result);
    }

    /// <summary>The CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries of a CSV notification's value list (MS-CMRP 3.1.4.2.138).</summary>
    public static IReadOnlyList<SharedVolumeStateInfoEx> StateInfoEx(ReadOnlyMemory<byte> buffer)
    {
        Assert.Equal(Win32Error.Success, SharedVolumeStateInfoExList.TryRead(buffer.Span, out var states));
        return states;
    }
}
