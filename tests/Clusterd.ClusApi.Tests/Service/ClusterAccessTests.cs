using System.Net;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Security;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Security;
using Clusterd.Rpc.Server;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// The cluster security descriptor at open (MS-CMRP 3.1.1.3, 3.1.4, 3.1.4.2.1, 3.1.4.2.116) and its management through
/// the cluster common property "Security Descriptor" (docs/authorization.md), over sealed NTLM as four accounts.
/// </summary>
public sealed class ClusterAccessTests : IAsyncLifetime
{
    private const uint GenericRead = 0x8000_0000;
    private const uint GenericAll = 0x1000_0000;
    private const uint MaximumAllowed = 0x0200_0000;
    private static readonly string[] Names = ["alice", "bob", "monitor", "nobody"];

    private readonly ClusterAccounts _accounts = new(Names, allowAnonymous: false);
    private RpcServer _server = null!;
    private RpcListener _listener = null!;
    private ClusterEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = ServiceHost.NewEngine();
        // alice and bob All, monitor Read, nobody nothing.
        Assert.Equal(Win32Error.Success, _engine.Execute(new SetClusterSecurity(Descriptor(
            Allow("alice", ClusterAccessRights.All), Allow("bob", ClusterAccessRights.All), Allow("monitor", ClusterAccessRights.Read)))));
        var acceptor = new NtlmAcceptorOptions
        {
            Accounts = NtlmAccountStore.FromLines(Names.Select(n => n + ":Secret1!")),
            NetBiosDomainName = "DOM",
        };
        _server = new RpcServer(new RpcServerOptions { AcceptorFactory = t => RpcSecurityProviders.CreateAcceptor(t, acceptor) });
        _server.RegisterInterface(ClusApiService.InterfaceUuid, 3, 0, new ClusApiService(new FixedEngineProvider(_engine), _accounts), RpcAuthLevel.Privacy);
        _listener = _server.Listen(IPAddress.Loopback, 0);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _engine.Dispose();
    }

    private static ClusterAce Allow(string account, uint mask) => new(ClusterAceType.Allow, mask, Sid.ForAccount(account));

    private static ClusterAce Deny(string account, uint mask) => new(ClusterAceType.Deny, mask, Sid.ForAccount(account));

    private static byte[] Descriptor(params ClusterAce[] aces) => new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem, aces).Encode();

    private async Task<RpcClient> ConnectAsync(string user)
    {
        var client = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _listener.Port));
        var initiator = RpcSecurityProviders.CreateInitiator(RpcAuthType.Spnego, NtlmCredential.FromPassword(user, "DOM", "Secret1!"))!;
        await client.BindAsync(ServiceHost.ClusApi, initiator, RpcAuthLevel.Privacy);
        return client;
    }

    private static ReadOnlyMemory<byte> SdProperty(byte[] sd) => new PropertyListWriter().AddBinary("Security Descriptor", sd).ToArray();

    [Fact]
    public async Task An_account_the_descriptor_grants_nothing_gets_ERROR_ACCESS_DENIED_and_a_NULL_handle_from_every_open()
    {
        await using var c = await ConnectAsync("nobody");
        var open = await c.CallAsync(new OpenClusterRequest());
        Assert.Equal(Win32Error.AccessDenied, open.Status);
        Assert.True(open.Handle.Value.IsNull);
        var ex = await c.CallAsync(new OpenClusterExRequest(MaximumAllowed));
        Assert.Equal(Win32Error.AccessDenied, ex.Status);
        Assert.Equal(0u, ex.GrantedAccess);
        Assert.True(ex.Handle.Value.IsNull);
        var resource = await c.CallAsync(new OpenResourceRequest("Cluster Disk 1"));
        Assert.Equal(Win32Error.AccessDenied, resource.Status);
        Assert.True(resource.Handle.Value.IsNull);
        var node = await c.CallAsync(new OpenNodeExRequest("node1", GenericRead));
        Assert.Equal(Win32Error.AccessDenied, node.Status);
        var root = await c.CallAsync(new GetRootKeyRequest(0x20019)); // KEY_READ
        Assert.Equal(Win32Error.AccessDenied, root.Status);
        Assert.True(root.Handle.Value.IsNull);
    }

    [Fact]
    public async Task A_Read_account_is_refused_ApiOpenCluster_which_requires_All_MS_CMRP_3_1_4_2_1_and_gets_Read_from_ApiOpenClusterEx()
    {
        await using var c = await ConnectAsync("monitor");
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new OpenClusterRequest())).Status);
        var all = await c.CallAsync(new OpenClusterExRequest(GenericAll));
        Assert.Equal(Win32Error.AccessDenied, all.Status);
        Assert.Equal(0u, all.GrantedAccess);
        var max = await c.CallAsync(new OpenClusterExRequest(MaximumAllowed));
        Assert.Equal(Win32Error.Success, max.Status);
        Assert.Equal(GenericRead, max.GrantedAccess);
        var read = await c.CallAsync(new OpenClusterExRequest(GenericRead));
        Assert.Equal(Win32Error.Success, read.Status);
        Assert.Equal(GenericRead, read.GrantedAccess);
        Assert.Equal(Win32Error.InvalidParameter, (await c.CallAsync(new OpenClusterExRequest(0x1))).Status);
    }

    [Fact]
    public async Task A_Read_account_reads_but_SET_SHARED_VOLUME_BACKUP_MODE_is_ERROR_ACCESS_DENIED_and_changes_nothing()
    {
        await using var c = await ConnectAsync("monitor");
        // The plain open requires "All" (MS-CMRP 3.1.4.2.9); a Read account opens with ApiOpenResourceEx and MAXIMUM_ALLOWED.
        Assert.Equal(Win32Error.AccessDenied, (await c.CallAsync(new OpenResourceRequest("Cluster Disk 1"))).Status);
        var opened = await c.CallAsync(new OpenResourceExRequest("Cluster Disk 1", 0x02000000));
        Assert.Equal((Win32Error.Success, 0x80000000u), (opened.Status, opened.GrantedAccess));
        var disk = opened.Handle;
        var states = await Stub.ControlAsync(c, new ResourceControlRequest(disk, ControlCodes.ResourceGetCommonProperties, ReadOnlyMemory<byte>.Empty, 8192));
        Assert.Equal(Win32Error.Success, states.Result);
        var before = _engine.Queries.GetAllVolumeStates();
        var input = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray();
        var set = await Stub.ControlAsync(c, new ResourceControlRequest(disk, ControlCodes.SetSharedVolumeBackupMode, input, 0));
        Assert.Equal(Win32Error.AccessDenied, set.Result);
        Assert.Equal(before, _engine.Queries.GetAllVolumeStates());

        var ex = await c.CallAsync(new OpenResourceExRequest("Cluster Disk 1", GenericAll));
        Assert.Equal(Win32Error.AccessDenied, ex.Status);
    }

    [Fact]
    public async Task Methods_without_a_handle_need_Read_to_read_and_All_to_change_and_a_refused_one_changes_nothing()
    {
        await using var nobody = await ConnectAsync("nobody");
        Assert.Equal(Win32Error.AccessDenied, (await nobody.CallAsync(new CreateEnumRequest(0x4))).Result); // CLUSTER_ENUM_RESOURCE
        Assert.Equal(Win32Error.AccessDenied, (await nobody.CallAsync(new GetClusterNameRequest())).Result);
        Assert.Equal(Win32Error.AccessDenied, (await nobody.CallAsync(new GetQuorumResourceRequest())).Result);
        var v1 = await nobody.CallAsync(new CreateNotifyRequest());
        Assert.Equal(Win32Error.AccessDenied, v1.Status);
        Assert.True(v1.Handle.Value.IsNull);
        var v2 = await nobody.CallAsync(new CreateNotifyV2Request());
        Assert.Equal(Win32Error.AccessDenied, v2.RpcError);
        Assert.True(v2.Handle.Value.IsNull);

        await using var monitor = await ConnectAsync("monitor");
        Assert.Equal(Win32Error.Success, (await monitor.CallAsync(new CreateEnumRequest(0x4))).Result);
        Assert.Equal(Win32Error.Success, (await monitor.CallAsync(new GetClusterNameRequest())).Result);
        var create = await monitor.CallAsync(new CreateGroupRequest("new group"));
        Assert.Equal(Win32Error.AccessDenied, create.Status);
        Assert.True(create.Handle.Value.IsNull);
        Assert.Null(_engine.Queries.FindGroup("new group"));
        Assert.Equal(Win32Error.AccessDenied, (await monitor.CallAsync(new CreateGroupSetRequest("new set"))).Status);
        Assert.Null(_engine.Queries.FindGroupSet("new set"));
        var name = _engine.Queries.GetClusterInfo().Name;
        Assert.Equal(Win32Error.AccessDenied, (await monitor.CallAsync(new SetClusterNameRequest("RENAMED"))).Result);
        Assert.Equal(name, _engine.Queries.GetClusterInfo().Name);
        Assert.Equal(Win32Error.AccessDenied, (await monitor.CallAsync(new CreateResourceTypeRequest("New Type", "New Type", "new.dll", 5000, 60000))).Result);
        Assert.Null(_engine.Queries.FindResourceType("New Type"));
    }

    [Fact]
    public async Task An_All_account_opens_with_ApiOpenCluster_and_MAXIMUM_ALLOWED_grants_GENERIC_ALL()
    {
        await using var c = await ConnectAsync("alice");
        Assert.Equal(Win32Error.Success, (await c.CallAsync(new OpenClusterRequest())).Status);
        var max = await c.CallAsync(new OpenClusterExRequest(MaximumAllowed));
        Assert.Equal(Win32Error.Success, max.Status);
        Assert.Equal(GenericAll, max.GrantedAccess);
    }

    [Fact]
    public async Task A_deny_entry_wins_over_an_allow_entry_for_Everyone()
    {
        Assert.Equal(Win32Error.Success, _engine.Execute(new SetClusterSecurity(Descriptor(
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.Everyone), Deny("nobody", ClusterAccessRights.All)))));
        await using var blocked = await ConnectAsync("nobody");
        Assert.Equal(Win32Error.AccessDenied, (await blocked.CallAsync(new OpenClusterExRequest(MaximumAllowed))).Status);
        await using var other = await ConnectAsync("monitor");
        Assert.Equal(Win32Error.Success, (await other.CallAsync(new OpenClusterRequest())).Status);
    }

    public static TheoryData<string, string> BadDescriptors => new()
    {
        { "malformed", nameof(Win32Error.InvalidSecurityDescriptor) },
        { "oversized", nameof(Win32Error.InvalidSecurityDescriptor) },
        { "unknown account", nameof(Win32Error.NoneMapped) },
        { "no account left with All", nameof(Win32Error.LastAdmin) },
        { "block the last admins", nameof(Win32Error.LastAdmin) },
    };

    [Theory]
    [MemberData(nameof(BadDescriptors))]
    public async Task A_bad_descriptor_is_refused_with_its_error_and_changes_nothing(string what, string error)
    {
        byte[] sd = what switch
        {
            "malformed" => [1, 0, 4, 0x80, 0xFF],
            "oversized" => [.. Descriptor(Allow("alice", ClusterAccessRights.All)), .. new byte[ClusterSecurityDescriptor.MaxBytes]],
            "unknown account" => Descriptor(Allow("alice", ClusterAccessRights.All), Allow("mallory", ClusterAccessRights.Read)),
            "no account left with All" => Descriptor(Allow("alice", ClusterAccessRights.Read), Allow("bob", ClusterAccessRights.Read)),
            _ => Descriptor(Deny("alice", ClusterAccessRights.All), Deny("bob", ClusterAccessRights.All), Allow("alice", ClusterAccessRights.All)),
        };
        await using var c = await ConnectAsync("alice");
        var cluster = await Stub.OpenClusterAsync(c);
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        var validate = await Stub.ControlAsync(c, new ClusterControlRequest(cluster, ControlCodes.ClusterValidateCommonProperties, SdProperty(sd), 0));
        Assert.Equal(Enum.Parse<Win32Error>(error), validate.Result);
        var set = await Stub.ControlAsync(c, new ClusterControlRequest(cluster, ControlCodes.ClusterSetCommonProperties, SdProperty(sd), 0));
        Assert.Equal(Enum.Parse<Win32Error>(error), set.Result);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());
    }

    [Fact]
    public async Task The_descriptor_with_another_property_in_one_SET_is_ERROR_INVALID_PARAMETER_and_changes_nothing()
    {
        await using var c = await ConnectAsync("alice");
        var cluster = await Stub.OpenClusterAsync(c);
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        var input = new PropertyListWriter().AddBinary("Security Descriptor", Descriptor(Allow("alice", ClusterAccessRights.All)))
            .AddString("Description", "x").ToArray();
        var set = await Stub.ControlAsync(c, new ClusterControlRequest(cluster, ControlCodes.ClusterSetCommonProperties, input, 0));
        Assert.Equal(Win32Error.InvalidParameter, set.Result);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());
    }

    [Fact]
    public async Task A_Read_handle_cannot_change_the_descriptor()
    {
        await using var c = await ConnectAsync("monitor");
        var cluster = (await c.CallAsync(new OpenClusterExRequest(MaximumAllowed))).Handle;
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        var set = await Stub.ControlAsync(c, new ClusterControlRequest(cluster, ControlCodes.ClusterSetCommonProperties,
            SdProperty(Descriptor(Allow("monitor", ClusterAccessRights.All))), 0));
        Assert.Equal(Win32Error.AccessDenied, set.Result);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());
    }

    [Fact]
    public async Task The_registry_methods_cannot_write_the_descriptor_value()
    {
        await using var c = await ConnectAsync("alice");
        var root = await Stub.OpenAsync(c, new GetRootKeyRequest(0xF003F)); // KEY_ALL_ACCESS
        var before = _engine.Queries.GetClusterSecurityDescriptor();
        var bytes = Descriptor(Allow("alice", ClusterAccessRights.All));
        var set = await c.CallAsync(new SetValueRequest(root, "Security Descriptor", 3, bytes, (uint)bytes.Length));
        Assert.Equal(Win32Error.AccessDenied, set.Result);
        Assert.Equal(before, _engine.Queries.GetClusterSecurityDescriptor());
    }

    [Fact]
    public async Task A_change_applies_to_handles_opened_afterwards_and_an_open_handle_keeps_its_level()
    {
        await using var bob = await ConnectAsync("bob");
        var bobCluster = await Stub.OpenClusterAsync(bob);
        var bobDisk = await Stub.OpenAsync(bob, new OpenResourceRequest("Cluster Disk 1"));

        await using var alice = await ConnectAsync("alice");
        var cluster = await Stub.OpenClusterAsync(alice);
        var sd = Descriptor(Allow("alice", ClusterAccessRights.All), Allow("monitor", ClusterAccessRights.Read)); // bob removed
        var set = await Stub.ControlAsync(alice, new ClusterControlRequest(cluster, ControlCodes.ClusterSetCommonProperties, SdProperty(sd), 0));
        Assert.Equal(Win32Error.Success, set.Result);
        Assert.Equal(sd, _engine.Queries.GetClusterSecurityDescriptor());

        // The property reads back as written.
        var get = await Stub.ControlAsync(alice, new ClusterControlRequest(cluster, ControlCodes.ClusterGetCommonProperties, ReadOnlyMemory<byte>.Empty, 8192));
        Assert.Equal(Win32Error.Success, get.Result);
        Assert.Equal(Win32Error.Success, PropertyListReader.TryRead(get.Output, out var list));
        var property = list.Single(p => p.Name == "Security Descriptor");
        Assert.Equal(Win32Error.Success, property.Value.TryGetBinary(out var read));
        Assert.Equal(sd, read.ToArray());

        // bob's handles keep "All" (the level is granted at open, MS-CMRP 3.1.4); a new open is refused.
        var input = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray();
        Assert.Equal(Win32Error.Success, (await Stub.ControlAsync(bob, new ResourceControlRequest(bobDisk, ControlCodes.SetSharedVolumeBackupMode, input, 0))).Result);
        Assert.False(bobCluster.Value.IsNull);
        Assert.Equal(Win32Error.AccessDenied, (await bob.CallAsync(new OpenResourceRequest("Cluster Disk 1"))).Status);
        Assert.Equal(Win32Error.AccessDenied, (await bob.CallAsync(new OpenClusterRequest())).Status);
    }
}
