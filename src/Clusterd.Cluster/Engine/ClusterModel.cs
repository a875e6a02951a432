using System.Buffers.Binary;
using Clusterd.ClusApi;
using Clusterd.Cluster.Database;
using Clusterd.Cluster.Model;
using Clusterd.Cluster.Topology;
using Clusterd.Store;

namespace Clusterd.Cluster.Engine;

/// <summary>
/// The engine's state: the cluster database, the objects rebuilt from it with their runtime state, and the lookups
/// every area shares. Only the engine's command pipeline changes it, under <see cref="Gate"/>, through a <see cref="Tx"/>.
/// </summary>
internal sealed class ClusterModel
{
    /// <summary>The lock every command and read holds (the engine's; the queries and areas take it through the model).</summary>
    internal readonly Lock Gate = new();
    internal readonly VolumeIndex Volumes;
    internal readonly ClusterDatabase Db;
    internal string LocalNodeId = "";
    internal readonly Dictionary<string, DateTimeOffset> JoinDue = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, DateTimeOffset> PendingDue = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, ClusterResourceState> PendingTarget = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Node> Nodes = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Group> Groups = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Resource> Resources = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Resource> ResourceNames = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Group> GroupNames = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, ResourceType> Types = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, Network> Networks = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, NetInterface> Interfaces = new(StringComparer.OrdinalIgnoreCase);
    internal readonly Dictionary<string, GroupSet> GroupSets = new(StringComparer.OrdinalIgnoreCase);

    internal ClusterModel(ClusterDatabase db, ClusterOptions options, bool isReplica)
    {
        Db = db;
        Options = options;
        IsReplica = isReplica;
        Volumes = new VolumeIndex();
        CsvModes = new CsvModes(this);
        CsvMembership = new CsvMembership(this);
        CsvPaths = new CsvPaths(this);
        GroupLifecycle = new GroupLifecycle(this);
        ResourceLifecycle = new ResourceLifecycle(this);
        GroupResourceRules = new GroupResourceRules(this); // issue 11, GroupResource area
        NodeLifecycle = new NodeLifecycle(this);
        PropertyEdits = new PropertyEdits(this);
        NodeNetwork = new NodeNetwork(this); // issue 11, NodeNetwork area
        Deadlines = new Deadlines(this);
        Runtime = new RuntimeRecords(this);
        GroupSetRules = new GroupSetRules(this);
        RegistryEdits = new RegistryEdits(this); // Registry area (issue 11)
    }

    /// <summary>The engine's settings.</summary>
    internal ClusterOptions Options { get; }

    /// <summary>True when this is one replica of a multi-node cluster (node-local facts are then this node's only).</summary>
    internal bool IsReplica { get; }

    internal CsvModes CsvModes { get; }

    internal CsvMembership CsvMembership { get; }

    internal CsvPaths CsvPaths { get; }

    internal GroupLifecycle GroupLifecycle { get; }

    internal ResourceLifecycle ResourceLifecycle { get; }

    /// <summary>Possible owners, moving resources between groups, restart and dependency checks (issue 11).</summary>
    internal GroupResourceRules GroupResourceRules { get; }

    internal NodeLifecycle NodeLifecycle { get; }

    internal PropertyEdits PropertyEdits { get; }

    /// <summary>Node drain and failback, resource types, the quorum resource, networks (issue 11, NodeNetwork area).</summary>
    internal NodeNetwork NodeNetwork { get; }

    internal Deadlines Deadlines { get; }

    internal RuntimeRecords Runtime { get; }

    /// <summary>Group sets and group dependencies (Groups/GroupSetRules.cs).</summary>
    internal GroupSetRules GroupSetRules { get; }
    internal RegistryEdits RegistryEdits { get; }

    internal static Win32Error CheckCsv(Resource? r) =>
        r is null ? Win32Error.ResourceNotFound
        : !r.SharedVolumes ? Win32Error.InvalidFunction // MS-CMRP 3.1.4.3.1.48
        : r.State != ClusterResourceState.Online ? Win32Error.ResourceNotOnline
        : Win32Error.Success;

    internal SharedVolume? VolumeOf(Resource r, string name) =>
        Volumes.Find(name) is { } v && v.Resource == r ? v : null;

    internal static void RaiseVolumeStates(Tx tx, Resource r)
    {
        if (r.Volumes.Count > 0)
        {
            tx.TouchCsv(r);
        }
    }

    internal IEnumerable<SharedVolumeNodeState> VolumeStatesOnAllNodes(SharedVolume v) =>
        Nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(n => StateOn(v, n));

    /// <summary>
    /// The effective state of a CSV on one node (docs/behaviour.md, "Mode variables and per-node state"): unavailable when the node is not up or the
    /// resource not online; Paused in maintenance; ActiveRedirected when redirected mode is on (reason
    /// UserRequest); ActiveBlockRedirected when this node lost the disk and is not the coordinator (reason
    /// NoDiskConnectivity); Active otherwise. Both reason fields are reported whatever the state.
    /// </summary>
    internal SharedVolumeNodeState StateOn(SharedVolume v, Node n)
    {
        var r = v.Resource;
        var coordinator = OwnerOf(r);
        var fs = v.Redirected ? RedirectedIOReason.UserRequest : RedirectedIOReason.NotRedirected;
        var block = r.DisconnectedNodeIds.Contains(n.Id) && coordinator != n
            ? BlockRedirectedIOReason.NoDiskConnectivity
            : BlockRedirectedIOReason.NotRedirected;
        SharedVolumeState state;
        if (!n.IsActive || r.State != ClusterResourceState.Online)
        {
            state = SharedVolumeState.Unavailable;
            fs = RedirectedIOReason.NotRedirected;
            block = BlockRedirectedIOReason.NotRedirected;
        }
        else if (v.Maintenance)
        {
            state = SharedVolumeState.Paused;
        }
        else if (fs != RedirectedIOReason.NotRedirected)
        {
            state = SharedVolumeState.ActiveRedirected;
        }
        else if (block != BlockRedirectedIOReason.NotRedirected)
        {
            state = SharedVolumeState.ActiveBlockRedirected;
        }
        else
        {
            state = SharedVolumeState.Active;
        }
        return new SharedVolumeNodeState(v.VolumeName, n.Name, state, v.FriendlyName, fs, block);
    }

    /// <summary>FaultState (MS-CMRP 2.2.3.18; precedence of docs/behaviour.md, "FaultState"): NoAccess > InMaintenance > Redirected > NoFaults.</summary>
    internal CsvVolumeFaultState FaultStateOf(SharedVolume v)
    {
        // StateOn is Unavailable exactly when the node is not active or the resource not online.
        if (v.Resource.State != ClusterResourceState.Online || !AnyActiveNode())
        {
            return CsvVolumeFaultState.NoAccess;
        }
        if (v.Maintenance)
        {
            return CsvVolumeFaultState.InMaintenance;
        }
        return v.Redirected || v.Backup.Mode ? CsvVolumeFaultState.Redirected : CsvVolumeFaultState.NoFaults;
    }

    internal bool AnyActiveNode()
    {
        foreach (var n in Nodes.Values)
        {
            if (n.IsActive)
            {
                return true;
            }
        }
        return false;
    }

    internal SharedVolumeInfo ToInfo(SharedVolume v) => new(
        v.Resource.Id, v.Resource.Name, v.FriendlyName, v.VolumeName, v.VolumeOffset, v.PartitionNumber,
        FaultStateOf(v), v.Backup.Mode ? SharedVolumeBackupState.InProgress : SharedVolumeBackupState.None,
        v.Maintenance, v.Redirected, v.Backup.Deadline, v.Backup.SnapshotSets.Count, OwnerOf(v.Resource)?.Name ?? "");

    internal static bool NameIs(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    internal Node? NodeByName(string nameOrId) =>
        Nodes.GetValueOrDefault(nameOrId) ?? Nodes.Values.FirstOrDefault(n => NameIs(n.Name, nameOrId));

    internal Group? GroupByName(string nameOrId) =>
        GroupNames.GetValueOrDefault(nameOrId) ?? Groups.GetValueOrDefault(nameOrId);

    internal Resource? ResourceByName(string nameOrId) =>
        ResourceNames.GetValueOrDefault(nameOrId) ?? Resources.GetValueOrDefault(nameOrId);

    internal static NodeInfo ToInfo(Node n) => new(n.Id, n.Name, n.State);

    internal GroupInfo ToInfo(Group g) =>
        new(g.Id, g.Name, GroupState(g), Nodes.GetValueOrDefault(g.OwnerNodeId)?.Name ?? "", g.GroupType, g.IsSpecial, [.. g.Resources.Select(r => r.Name)]);

    internal ResourceInfo ToInfo(Resource r)
    {
        var g = Groups.GetValueOrDefault(r.GroupId);
        return new ResourceInfo(
            r.Id, r.Name, r.TypeName, r.GroupId, g?.Name ?? "", OwnerOf(r)?.Name ?? "", r.State, r.IsCore, r.SharedVolumes,
            [.. r.DependsOn.Select(id => Resources.GetValueOrDefault(id)?.Name ?? id)]);
    }

    internal Node? OwnerOf(Resource r) =>
        Groups.TryGetValue(r.GroupId, out var g) ? Nodes.GetValueOrDefault(g.OwnerNodeId) : null;

    internal ClusterNetworkState NetworkState(Network n) =>
        Interfaces.Values.Any(i => i.NetworkId == n.Id && Nodes.GetValueOrDefault(i.NodeId) is { IsUp: true })
            ? ClusterNetworkState.Up
            : ClusterNetworkState.Down;

    /// <summary>An interface is up while its node is.</summary>
    internal ClusterNetInterfaceState NetInterfaceState(NetInterface i) =>
        Nodes.GetValueOrDefault(i.NodeId) is { IsUp: true } ? ClusterNetInterfaceState.Up : ClusterNetInterfaceState.Unavailable;

    /// <summary>A group's state from its resources' states (MS-CMRP 3.1.4.2.46).</summary>
    internal static ClusterGroupState GroupState(Group g)
    {
        if (g.Resources.Count == 0)
        {
            return g.Key.GetDWord(V.PersistentState) != 0 ? ClusterGroupState.Online : ClusterGroupState.Offline;
        }
        var states = g.Resources.Select(r => r.State).ToList();
        if (states.Any(s => s is ClusterResourceState.OnlinePending or ClusterResourceState.OfflinePending))
        {
            return ClusterGroupState.Pending;
        }
        if (states.All(s => s == ClusterResourceState.Online))
        {
            return ClusterGroupState.Online;
        }
        if (states.Any(s => s == ClusterResourceState.Failed))
        {
            return ClusterGroupState.Failed;
        }
        if (states.All(s => s == ClusterResourceState.Offline))
        {
            return ClusterGroupState.Offline;
        }
        return ClusterGroupState.PartialOnline;
    }

    /// <summary>Whether objects of <paramref name="type"/> have a database key of their own (<see cref="KeyPathOf"/>).</summary>
    internal static bool HasDatabaseKey(ClusterObjectType type) => type is ClusterObjectType.Cluster or ClusterObjectType.Node
        or ClusterObjectType.Group or ClusterObjectType.Resource or ClusterObjectType.ResourceType or ClusterObjectType.Network
        or ClusterObjectType.NetworkInterface or ClusterObjectType.GroupSet;

    // The database key of an object (the one place that knows the layout of object keys).
    internal static string KeyPathOf(ClusterObjectType type, string id) => type switch
    {
        ClusterObjectType.Cluster => "",
        ClusterObjectType.Node => "Nodes\\" + id,
        ClusterObjectType.Group => "Groups\\" + id,
        ClusterObjectType.Resource => "Resources\\" + id,
        ClusterObjectType.ResourceType => "ResourceTypes\\" + id,
        ClusterObjectType.Network => "Networks\\" + id,
        ClusterObjectType.NetworkInterface => "NetworkInterfaces\\" + id,
        ClusterObjectType.GroupSet => "GroupSets\\" + id,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an object with a database key"),
    };

    /// <summary>Rebuilds every object from the database tree and the runtime records (a replica after remote batches).</summary>
    internal void RebuildObjects()
    {
        Nodes.Clear();
        Groups.Clear();
        GroupNames.Clear();
        Resources.Clear();
        ResourceNames.Clear();
        Types.Clear();
        Networks.Clear();
        Interfaces.Clear();
        GroupSets.Clear();
        Volumes.Clear();
        Rehydrate();
        Runtime.ApplyRuntime();
    }

    internal ClusterEvent Event(ClusterObjectType type, ClusterChange change, string id, string name, string? parent = null, string? typeName = null) =>
        new(0, type, change, id, name, parent, typeName, []) { Snapshot = change == ClusterChange.Deleted ? null : SnapshotOf(type, id) };

    /// <summary>The object's state, its group's owner node and group type now, for the event being raised.</summary>
    internal EventSnapshot? SnapshotOf(ClusterObjectType type, string id)
    {
        string OwnerOf(Group g) => Nodes.ContainsKey(g.OwnerNodeId) ? g.OwnerNodeId : "";
        switch (type)
        {
            case ClusterObjectType.Resource when Resources.TryGetValue(id, out var r):
                return new EventSnapshot((uint)r.State, Groups.TryGetValue(r.GroupId, out var rg) ? OwnerOf(rg) : null, null);
            case ClusterObjectType.Group when Groups.TryGetValue(id, out var g):
                return new EventSnapshot((uint)GroupState(g), OwnerOf(g), (uint)g.GroupType);
            case ClusterObjectType.Node when Nodes.TryGetValue(id, out var n):
                return new EventSnapshot((uint)n.State, null, null);
            case ClusterObjectType.Network when Networks.TryGetValue(id, out var net):
                return new EventSnapshot((uint)NetworkState(net), null, null);
            case ClusterObjectType.NetworkInterface when Interfaces.TryGetValue(id, out var nic):
                return new EventSnapshot((uint)NetInterfaceState(nic), null, null);
            default:
                return null;
        }
    }

    internal void Rehydrate()
    {
        var root = Db.Root;
        foreach (var k in Children(root, "Nodes"))
        {
            Nodes[k.Name] = new Node(k);
        }
        foreach (var k in Children(root, "ResourceTypes"))
        {
            Types[k.Name] = new ResourceType(k);
        }
        foreach (var k in Children(root, "Groups"))
        {
            var g = new Group(k);
            Groups[k.Name] = g;
            GroupNames[g.Name] = g;
        }
        foreach (var k in Children(root, "Resources"))
        {
            var r = new Resource(k)
            {
                State = k.GetDWord(V.PersistentState) != 0 ? ClusterResourceState.Online : ClusterResourceState.Offline,
            };
            Resources[k.Name] = r;
            ResourceNames[r.Name] = r;
            if (Groups.TryGetValue(r.GroupId, out var g))
            {
                g.Resources.Add(r);
            }
            foreach (var vk in Children(k, "SharedVolumes"))
            {
                var v = new SharedVolume(r, vk);
                r.Volumes.Add(v);
                Volumes.Add(v);
            }
        }
        foreach (var k in Children(root, "Networks"))
        {
            Networks[k.Name] = new Network(k);
        }
        foreach (var k in Children(root, "NetworkInterfaces"))
        {
            Interfaces[k.Name] = new NetInterface(k);
        }
        foreach (var k in Children(root, "GroupSets"))
        {
            GroupSets[k.Name] = new GroupSet(k);
        }
        LocalNodeId = ResolveLocalNode();
    }

    internal static IEnumerable<DbKey> Children(DbKey parent, string name) =>
        parent.Subkey(name)?.Subkeys.Values ?? Enumerable.Empty<DbKey>();

    internal string ResolveLocalNode()
    {
        if (Options.LocalNodeName is { } wanted)
        {
            var n = Nodes.Values.FirstOrDefault(x => string.Equals(x.Name, wanted, StringComparison.OrdinalIgnoreCase));
            if (n is not null)
            {
                return n.Id;
            }
        }
        return Nodes.Values.OrderBy(n => NodeOrder(n.Id)).Select(n => n.Id).FirstOrDefault() ?? "";
    }

    internal static int NodeOrder(string id) => int.TryParse(id, out var i) ? i : int.MaxValue;
}
