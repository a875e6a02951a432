using System.Buffers.Binary;
using System.Text;
using Clusterd.ClusApi.Service;
using Clusterd.Cluster.Engine;
using Clusterd.Cluster.Topology;
using Clusterd.Rpc.Client;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Security;
using Clusterd.Store;
using Microsoft.Extensions.Time.Testing;

namespace Clusterd.ClusApi.Tests.Service;

/// <summary>
/// A store that refuses the n-th commit of a call (counting only commits that write something), to test a method's
/// answer against its commits: a method that runs one engine command per call has at most one commit to refuse.
/// </summary>
internal sealed class RefusingStore(IClusterStore inner) : IClusterStore
{
    private int _refuse;

    /// <summary>Commits that wrote something (or were refused) since <see cref="Arm"/>.</summary>
    public int Attempts { get; private set; }

    /// <summary>Refuses the <paramref name="n"/>-th commit from now (0: none), and restarts the count.</summary>
    public void Arm(int n)
    {
        _refuse = n;
        Attempts = 0;
    }

    public long Revision => inner.Revision;

    public IReadOnlyList<StoreRecord> Load() => inner.Load();

    public void Commit(IReadOnlyList<StoreWrite> batch)
    {
        if (batch.Count > 0 && ++Attempts == _refuse)
        {
            throw new StoreException("refused by the test (commit " + Attempts + ")");
        }
        inner.Commit(batch);
    }

    public void ClearVolatile() => inner.ClearVolatile();

    public void ClearAll() => inner.ClearAll();

    public void Dispose() => inner.Dispose();
}

/// <summary>One mutating call: what it needs open first, its opnum and request, and where its result is.</summary>
/// <param name="Name">The case, as the test lists it.</param>
/// <param name="Opnum">The ClusAPI opnum.</param>
/// <param name="Request">Opens what the call needs (through the client) and builds its stub.</param>
/// <param name="ResultFirst">The result is the first DWORD of the response (the create methods); otherwise the last.</param>
/// <param name="WritesStore">False for calls whose change is runtime state only: no commit to refuse.</param>
public sealed record MutatingCall(string Name, ushort Opnum, Func<RpcClient, ClusterEngine, Task<byte[]>> Request, bool ResultFirst = false, bool WritesStore = true)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The rule of docs/engine-rules.md ("The ClusAPI layer") over every mutating method this server implements: an
/// answer other than success means nothing changed; success means every commit of the call went through. Each call
/// is run with its first commit refused, then its second, and so on, until it runs with none refused (where it must
/// succeed and change something, so the check is not vacuous).
/// </summary>
public sealed class FailedCallChangesNothingTests
{
    private const uint Success = 0, IoPending = 997, ResourcePropertiesStored = 0x13A0;

    private const string ResourceId = "9a1e1f00-0000-4000-8000-000000000003"; // "Network Name", in Cluster Group

    public static TheoryData<MutatingCall> Calls() => new(AllCalls);

    private static readonly MutatingCall[] AllCalls =
    [
        new("ApiSetClusterName", 2, (c, e) => Task.FromResult(Stub.Name("RENAMED"))),
        new("ApiCreateResource", 9, async (c, e) => CreateResourceStub(await Stub.OpenAsync(c, 41, "Available Storage"), "svc"), ResultFirst: true),
        new("ApiDeleteResource", 10, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 8, UserResource(e)))),
        new("ApiSetResourceName", 13, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 8, "Network Name"), w => w.WriteConformantVaryingString("Renamed"))),
        new("ApiFailResource", 16, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 8, "Network Name")), WritesStore: false),
        new("ApiOnlineResource", 17, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 8, UserResource(e)))),
        new("ApiOfflineResource", 18, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 8, "Network Name"))),
        new("ApiAddResourceDependency", 19, (c, e) => TwoHandles(c, 8, UserResource(e, dependent: true), 8, UserResource(e))),
        new("ApiRemoveResourceDependency", 20, async (c, e) => await TwoHandles(c, 8, "Network Name", 8, "Cluster IP Address")),
        new("ApiCreateGroup", 42, (c, e) => Task.FromResult(Stub.Name("new group")), ResultFirst: true),
        new("ApiDeleteGroup", 43, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 41, EmptyGroup(e)), w => w.WriteUInt32(0))),
        new("ApiDeleteGroup force", 43, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 41, UserGroup(e)), w => w.WriteUInt32(1))),
        new("ApiSetGroupName", 46, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 41, "Available Storage"), w => w.WriteConformantVaryingString("Renamed"))),
        new("ApiOnlineGroup", 49, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 41, UserGroup(e, online: false)))),
        new("ApiOfflineGroup", 50, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 41, "Cluster Group"))),
        new("ApiMoveGroup", 51, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 41, "Available Storage"))),
        new("ApiMoveGroupToNode", 52, async (c, e) => await TwoHandles(c, 41, "Available Storage", 66, "node3")),
        new("ApiSetGroupNodeList", 54, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 41, "Available Storage"), w =>
        {
            var list = Encoding.Unicode.GetBytes("2\0" + "1\0\0");
            w.WriteReferentId(true);
            w.WriteConformantByteArray(list);
            w.WriteUInt32((uint)list.Length / 2);
        })),
        new("ApiPauseNode", 69, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 66, "node3"))),
        new("ApiResumeNode", 70, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 66, PausedNode(e)))),
        new("ApiEvictNode", 71, async (c, e) => Stub.Handle(await Stub.OpenAsync(c, 66, "node3"))),
        new("ApiResourceControl SET_COMMON_PROPERTIES with Name", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Network Name"), 0x0140005E, 0,
            new PropertyListWriter().AddString("Name", "Renamed").AddString("Description", "d").ToArray())),
        new("ApiResourceControl SET_PRIVATE_PROPERTIES", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Network Name"), 0x01400086, 0,
            new PropertyListWriter().AddDword("Custom", 7).ToArray())),
        new("ApiResourceControl SET_MAINTENANCE_MODE", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Cluster Disk 3"), 0x014001E6, 0,
            [1, 0, 0, 0])),
        new("ApiResourceControl DISABLE_SHARED_VOLUME_DIRECTIO", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Cluster Disk 1"), 0x0140028E, 100,
            Encoding.Unicode.GetBytes("Volume1\0"))),
        new("ApiResourceControl SET_SHARED_VOLUME_BACKUP_MODE", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Cluster Disk 1"), 0x0140029A, 0,
            new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray())),
        new("ApiGroupControl SET_COMMON_PROPERTIES with Name", 77, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 41, "Available Storage"), 0x0340005E, 0,
            new PropertyListWriter().AddString("Name", "Renamed").AddString("Description", "d").ToArray())),
        new("ApiNodeControl SET_COMMON_PROPERTIES", 79, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 66, "node2"), 0x0440005E, 0,
            new PropertyListWriter().AddString("Description", "d").ToArray())),
        new("ApiClusterControl SET_PRIVATE_PROPERTIES", 106, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 0), 0x07400086, 0,
            new PropertyListWriter().AddDword("Custom", 7).ToArray())),
        new("ApiResourceControl SET_CSV_MAINTENANCE_MODE", 73, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 8, "Cluster Disk 1"), 0x01400296, 0,
            new CsvMaintenanceModeInfo(true, "Volume1").ToArray())),
        new("ApiChangeCsvStateEx", 182, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 8, "Cluster Disk 3"), w =>
        {
            w.WriteUInt32(1);
            w.WriteConformantVaryingString(@"\\?\Volume{3f0c9a77-3333-4c1d-9e2f-0a0b0c0d0e03}\");
        })),
        new("ApiNodeResourceControl SET_COMMON_PROPERTIES with Name", 72, async (c, e) => await NodeControl(c, 8, "Network Name", "node1", 0x0140005E, Description("Renamed"))),
        new("ApiResourceTypeControl SET_COMMON_PROPERTIES", 75, async (c, e) => TypeControl(await Stub.OpenAsync(c, 0), "Generic Service", null, 0x0240005E, Description(null))),
        new("ApiNodeResourceTypeControl SET_COMMON_PROPERTIES", 74, async (c, e) =>
            TypeControl(await Stub.OpenAsync(c, 0), "Generic Service", await Stub.OpenAsync(c, 66, "node1"), 0x0240005E, Description(null))),
        new("ApiNodeGroupControl SET_COMMON_PROPERTIES with Name", 76, async (c, e) => await NodeControl(c, 41, "Available Storage", "node1", 0x0340005E, Description("Renamed"))),
        new("ApiNodeNodeControl SET_COMMON_PROPERTIES", 78, async (c, e) => await NodeControl(c, 66, "node2", "node1", 0x0440005E, Description(null))),
        new("ApiNetworkControl SET_COMMON_PROPERTIES", 89, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 81, "Cluster Network 1"), 0x0540005E, 0, Description(null))),
        new("ApiNodeNetworkControl SET_COMMON_PROPERTIES", 88, async (c, e) => await NodeControl(c, 81, "Cluster Network 1", "node1", 0x0540005E, Description(null))),
        new("ApiNetInterfaceControl SET_COMMON_PROPERTIES", 98, async (c, e) => Stub.Control(await Stub.OpenAsync(c, 92, "node1 - Ethernet"), 0x0640005E, 0, Description(null))),
        new("ApiNodeNetInterfaceControl SET_COMMON_PROPERTIES", 97, async (c, e) => await NodeControl(c, 92, "node1 - Ethernet", "node1", 0x0640005E, Description(null))),
        new("ApiNodeClusterControl SET_PRIVATE_PROPERTIES", 105, async (c, e) =>
        {
            var cluster = await Stub.OpenAsync(c, 0);
            var node = await Stub.OpenAsync(c, 66, "node1");
            return ControlStub(cluster, node, 0x07400086, new PropertyListWriter().AddDword("Custom", 7).ToArray());
        }),
        new("ApiChangeCsvState", 123, async (c, e) => HandleAnd(await Stub.OpenAsync(c, 8, "Cluster Disk 3"), w => w.WriteUInt32(1))),
    ];

    /// <summary>Methods that change no cluster state (they open, close, read, or act on the caller's own notification port).</summary>
    private static readonly ushort[] Reads =
    [
        0, 1, 3, 4, 5, 7, 8, 11, 12, 14, 15, 22, 28, 30, 31, 34, 36, 37, 38, 40, 41, 44, 45, 47, 48, 53, 56, 66, 67, 68, 81, 82, 83, 86,
        92, 93, 94, 96, 102, 103, 104, 107, 108, 110, 112, 117, 118, 119, 120, 121, 122, 125, 137, 138, 139, 143, 164, 165, 180,
    ];

    [Fact]
    public void Every_implemented_opnum_is_a_listed_mutating_call_or_a_listed_read()
    {
        var implemented = Enumerable.Range(0, ushort.MaxValue + 1).Select(o => (ushort)o).Where(ClusApiService.Implements).ToHashSet();
        var mutating = AllCalls.Select(call => call.Opnum).ToHashSet();
        Assert.Empty(mutating.Intersect(Reads));
        Assert.Empty(implemented.Except(mutating).Except(Reads).Order()); // a new method: list it here or as a read
        Assert.Empty(mutating.Concat(Reads).Except(implemented).Order()); // a method that is gone
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_mutating_call_answers_success_with_every_commit_made_or_a_failure_with_nothing_changed(MutatingCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var refuse = 1; ; refuse++)
        {
            var store = new RefusingStore(new InMemoryClusterStore());
            await using var host = ServiceHost.Start(RpcAuthLevel.None);
            var original = host.Provider.Engine;
            host.Provider.Engine = ClusterEngine.Open(store, TopologyConfig.Default(), new ClusterOptions(),
                new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            original.Dispose();
            var engine = host.Engine;
            await using var c = await host.ConnectAsync(RpcAuthLevel.None);
            var request = await call.Request(c, engine);
            var before = EngineState.Of(engine);
            var events = new List<ClusterEvent>();
            using var subscription = engine.Subscribe(events.Add);

            store.Arm(refuse);
            var response = await c.CallAsync(call.Opnum, request);
            var result = call.ResultFirst
                ? BinaryPrimitives.ReadUInt32LittleEndian(response)
                : BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(response.Length - 4));
            var attempts = store.Attempts;
            var refused = attempts >= refuse;
            store.Arm(0);

            if (result is Success or IoPending or ResourcePropertiesStored)
            {
                Assert.False(refused, $"{call}: answered 0x{result:X} although commit {refuse} was refused");
                Assert.NotEqual(before, EngineState.Of(engine));
                Assert.NotEmpty(events);
                Assert.True(call.WritesStore == attempts > 0, $"{call}: {attempts} commits");
                return; // the run with nothing refused: done
            }
            Assert.True(refused, $"{call}: failed with 0x{result:X} although nothing was refused (the case is wrong)");
            Assert.Equal(before, EngineState.Of(engine));
            Assert.Empty(events);
        }
    }

    // Preconditions made through the engine directly, before the call under test.
    private static string UserGroup(ClusterEngine e, bool online = true)
    {
        Assert.Equal(Win32Error.Success, e.CreateGroup("user group").Error);
        Assert.Equal(Win32Error.Success, e.CreateResource("user group", "svc1", "Generic Service").Error);
        Assert.Equal(Win32Error.Success, e.CreateResource("user group", "svc2", "Generic Service").Error);
        if (online)
        {
            Assert.Equal(Win32Error.Success, e.OnlineResource("svc1"));
            Assert.Equal(Win32Error.Success, e.OnlineResource("svc2"));
        }
        return "user group";
    }

    private static string EmptyGroup(ClusterEngine e)
    {
        Assert.Equal(Win32Error.Success, e.CreateGroup("empty group").Error);
        return "empty group";
    }

    private static string UserResource(ClusterEngine e, bool dependent = false)
    {
        if (e.FindGroup("user group") is null)
        {
            Assert.Equal(Win32Error.Success, e.CreateGroup("user group").Error);
        }
        var name = dependent ? "dependent" : "svc";
        Assert.Equal(Win32Error.Success, e.CreateResource("user group", name, "Generic Service").Error);
        return name;
    }

    private static string PausedNode(ClusterEngine e)
    {
        Assert.Equal(Win32Error.Success, e.PauseNode("node3"));
        return "node3";
    }

    private static byte[] HandleAnd(NdrContextHandle h, Action<NdrWriter> rest) => Stub.Build(w =>
    {
        w.WriteContextHandle(h);
        rest(w);
    });

    private static async Task<byte[]> TwoHandles(RpcClient c, ushort opnum1, string name1, ushort opnum2, string name2)
    {
        var h1 = await Stub.OpenAsync(c, opnum1, name1);
        var h2 = await Stub.OpenAsync(c, opnum2, name2);
        return Stub.Build(w =>
        {
            w.WriteContextHandle(h1);
            w.WriteContextHandle(h2);
        });
    }

    private static byte[] Description(string? name)
    {
        var list = new PropertyListWriter();
        if (name is not null)
        {
            list.AddString("Name", name);
        }
        return list.AddString("Description", "d").ToArray();
    }

    private static byte[] ControlStub(NdrContextHandle h, NdrContextHandle node, uint code, byte[] input) => Stub.Build(w =>
    {
        w.WriteContextHandle(h);
        w.WriteContextHandle(node);
        w.WriteUInt32(code);
        w.WriteReferentId(true);
        w.WriteConformantByteArray(input);
        w.WriteUInt32((uint)input.Length);
        w.WriteUInt32(0);
    });

    private static async Task<byte[]> NodeControl(RpcClient c, ushort openOpnum, string name, string node, uint code, byte[] input)
    {
        var h = await Stub.OpenAsync(c, openOpnum, name);
        return ControlStub(h, await Stub.OpenAsync(c, 66, node), code, input);
    }

    private static byte[] TypeControl(NdrContextHandle cluster, string type, NdrContextHandle? node, uint code, byte[] input) => Stub.Build(w =>
    {
        w.WriteContextHandle(cluster);
        w.WriteConformantVaryingString(type);
        if (node is { } n)
        {
            w.WriteContextHandle(n);
        }
        w.WriteUInt32(code);
        w.WriteReferentId(true);
        w.WriteConformantByteArray(input);
        w.WriteUInt32((uint)input.Length);
        w.WriteUInt32(0);
    });

    private static byte[] CreateResourceStub(NdrContextHandle group, string name) => Stub.Build(w =>
    {
        w.WriteContextHandle(group);
        w.WriteConformantVaryingString(name);
        w.WriteConformantVaryingString("Generic Service");
        w.WriteUInt32(0);
    });
}
