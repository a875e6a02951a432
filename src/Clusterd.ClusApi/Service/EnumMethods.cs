using System.Text;
using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Service;

/// <summary>The enumeration methods (MS-CMRP 3.1.4.2.8, 23, 54, 103, 124, 139, 162).</summary>
internal static class EnumMethods
{
    // CLUSTER_ENUM_* in bit order; SHARED_VOLUME_GROUP (0x20000000) and SHARED_VOLUME_RESOURCE (0x40000000) are v3 additions.
    private static readonly ClusterEnumType[] s_types =
    [
        ClusterEnumType.Node, ClusterEnumType.ResourceType, ClusterEnumType.Resource, ClusterEnumType.Group,
        ClusterEnumType.Network, ClusterEnumType.NetInterface, ClusterEnumType.SharedVolumeGroup,
        ClusterEnumType.SharedVolumeResource, ClusterEnumType.InternalNetwork,
    ];

    private const uint ValidTypes = 0x3F | 0x20000000 | 0x40000000 | 0x80000000;

    /// <summary>
    /// The dwType rule of ApiCreateEnum/ApiCreateEnumEx (MS-CMRP 3.1.4.2.8): any bit outside the CLUSTER_ENUM table
    /// (0x40, 0x80, 0x100, ...) is ERROR_INVALID_PARAMETER, and CLUSTER_ENUM_SHARED_VOLUME_RESOURCE must be used
    /// alone.
    /// </summary>
    private static Win32Error CheckType(uint type) =>
        (type & ~ValidTypes) != 0 || ((type & (uint)ClusterEnumType.SharedVolumeResource) != 0 && type != (uint)ClusterEnumType.SharedVolumeResource)
            ? Win32Error.InvalidParameter
            : Win32Error.Success;

    private static List<(uint Type, string Id, string Name)> Objects(ICluster engine, uint type)
    {
        var list = new List<(uint, string, string)>();
        foreach (var t in s_types)
        {
            if ((type & (uint)t) == 0)
            {
                continue;
            }
            foreach (var name in engine.Queries.Enumerate(t))
            {
                list.Add(((uint)t, IdOf(engine, t, name), name));
            }
        }
        return list;
    }

    private static string IdOf(ICluster e, ClusterEnumType t, string name) => t switch
    {
        ClusterEnumType.Node => e.Queries.FindNode(name)?.Id,
        ClusterEnumType.Resource or ClusterEnumType.SharedVolumeResource => e.Queries.FindResource(name)?.Id,
        ClusterEnumType.Group or ClusterEnumType.SharedVolumeGroup => e.Queries.FindGroup(name)?.Id,
        ClusterEnumType.Network or ClusterEnumType.InternalNetwork => e.Queries.FindNetwork(name)?.Id,
        ClusterEnumType.NetInterface => e.Queries.FindNetInterface(name)?.Id,
        _ => name, // a resource type is identified by its name
    } ?? name;

    /// <summary>ApiCreateEnum (opnum 7): <c>u32 dwType → EL, rpc_status, result</c>.</summary>
    [ParityNote("Bits outside the CLUSTER_ENUM table (0x40, 0x80, 0x100, ...) are ERROR_INVALID_PARAMETER, as Windows answers; CLUSTER_ENUM_SHARED_VOLUME_RESOURCE must be used alone.")]
    public static EnumResponse CreateEnum(ClusApiCall c, CreateEnumRequest r)
    {
        var type = r.Type;
        var e = c.CheckHandlelessRead();
        if (e == Win32Error.Success)
        {
            e = CheckType(type);
        }
        return new(e == Win32Error.Success ? [.. Objects(c.Engine, type).Select(o => new EnumEntry(o.Type, o.Name))] : null, e);
    }

    /// <summary>ApiCreateEnumEx (opnum 125): <c>H cluster, u32 dwType, u32 dwOptions → EL ids, EL names, rpc_status, result</c>.</summary>
    [ParityNote("Same type rule as ApiCreateEnum. A non-zero dwOptions is ERROR_INVALID_PARAMETER (MS-CMRP 3.1.4.2.124).")]
    public static CreateEnumExResponse CreateEnumEx(ClusApiCall c, CreateEnumExRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out _);
        var type = r.Type;
        var options = r.Options;
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        if (e == Win32Error.Success && options != 0)
        {
            e = Win32Error.InvalidParameter; // MS-CMRP 3.1.4.2.124: dwOptions is reserved; non-zero MUST fail
        }
        if (e == Win32Error.Success)
        {
            e = CheckType(type);
        }
        var objects = e == Win32Error.Success ? Objects(c.Engine, type) : null;
        return new(objects?.Select(o => new EnumEntry(o.Type, o.Id)).ToList(),
            objects?.Select(o => new EnumEntry(o.Type, o.Name)).ToList(), e);
    }

    /// <summary>
    /// ApiCreateResEnum (opnum 22): <c>H resource, u32 dwType → EL, rpc_status, result</c>. CLUSTER_RESOURCE_ENUM_DEPENDS
    /// (1) the resources it depends on, _PROVIDES (2) those depending on it, _NODES (4) its possible owners (every
    /// node unless narrowed by ApiRemoveResourceNode). Other bits select nothing.
    /// </summary>
    public static EnumResponse CreateResEnum(ClusApiCall c, CreateResEnumRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Resource, ClusApiObjectKind.Resource, static (engine, id) => engine.Queries.FindResource(id),
            Win32Error.ResourceNotFound, out var res);
        var type = r.Type;
        List<EnumEntry>? list = null;
        if (res is not null)
        {
            list = [];
            if ((type & 1) != 0)
            {
                list.AddRange(res.DependsOnNames.Select(n => new EnumEntry(1, n)));
            }
            if ((type & 2) != 0)
            {
                foreach (var name in c.Engine.Queries.Enumerate(ClusterEnumType.Resource))
                {
                    if (c.Engine.Queries.FindResource(name) is { } other && other.DependsOnNames.Contains(res.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        list.Add(new EnumEntry(2, name));
                    }
                }
            }
            if ((type & 4) != 0)
            {
                // Its possible owners (MS-CMRP 3.1.4.2.24): every node unless ApiRemoveResourceNode narrowed the set.
                list.AddRange((c.Engine.Queries.GetPossibleOwnerNames(res.Id) ?? []).Select(n => new EnumEntry(4, n)));
            }
        }
        return new(list, e);
    }

    /// <summary>
    /// ApiCreateGroupResourceEnum (opnum 53): <c>H group, u32 dwType → EL, rpc_status, result</c>.
    /// CLUSTER_GROUP_ENUM_CONTAINS (1) its resources, _NODES (2) its preferred owners. Windows accepts other bits and
    /// selects nothing for them (smbtorture rpc.clusapi all_groups: 0x40, 0x80, 0x100 answer 0).
    /// </summary>
    [ParityNote("Invalid type bits (0x40, 0x80, 0x100) are accepted and select nothing, as Windows does (smbtorture all_groups).")]
    public static EnumResponse CreateGroupResourceEnum(ClusApiCall c, CreateGroupResourceEnumRequest r)
    {
        var e = OpenMethods.ReadObject(c, r.Group, ClusApiObjectKind.Group, static (engine, id) => engine.Queries.FindGroup(id),
            Win32Error.GroupNotFound, out var g);
        var type = r.Type;
        List<EnumEntry>? list = null;
        if (g is not null)
        {
            list = [];
            if ((type & 1) != 0)
            {
                list.AddRange(g.ResourceNames.Order(StringComparer.OrdinalIgnoreCase).Select(n => new EnumEntry(1, n)));
            }
            if ((type & 2) != 0)
            {
                var owners = c.Engine.Queries.GetGroupPreferredOwnerIds(g.Id);
                list.AddRange(owners.Select(id => c.Engine.Queries.FindNode(id)?.Name).OfType<string>().Select(n => new EnumEntry(2, n)));
            }
        }
        return new(list, e);
    }

    /// <summary>
    /// ApiCreateResTypeEnum (opnum 103): <c>Sin typeName, u32 dwType → EL, rpc_status, result</c>. The type name is
    /// checked first (ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND); CLUSTER_RESOURCE_TYPE_ENUM_NODES (1) lists the nodes
    /// that can host it (all), _RESOURCES (2) its resources; other bits are accepted and select nothing, as Windows
    /// does (smbtorture rpc.clusapi CreateResTypeEnum).
    /// </summary>
    [ParityNote("The type name is checked first (0x13D6); invalid type bits are accepted and select nothing, as Windows does.")]
    public static EnumResponse CreateResTypeEnum(ClusApiCall c, CreateResTypeEnumRequest r)
    {
        var typeName = r.TypeName;
        var type = r.Type;
        var e = c.CheckHandlelessRead();
        if (e == Win32Error.Success && c.Engine.Queries.FindResourceType(typeName) is null)
        {
            e = Win32Error.ClusterResourceTypeNotFound;
        }
        List<EnumEntry>? list = null;
        if (e == Win32Error.Success)
        {
            list = [];
            if ((type & 1) != 0)
            {
                list.AddRange(c.Engine.Queries.Enumerate(ClusterEnumType.Node).Select(n => new EnumEntry(1, n)));
            }
            if ((type & 2) != 0)
            {
                foreach (var name in c.Engine.Queries.Enumerate(ClusterEnumType.Resource))
                {
                    if (c.Engine.Queries.FindResource(name) is { } res && string.Equals(res.TypeName, typeName, StringComparison.OrdinalIgnoreCase))
                    {
                        list.Add(new EnumEntry(2, name));
                    }
                }
            }
        }
        return new(list, e);
    }

    /// <summary>ApiCreateGroupSetEnum (opnum 180): <c>H cluster → EL of group-set names, rpc_status, result</c>.</summary>
    public static EnumResponse CreateGroupSetEnum(ClusApiCall c, CreateGroupSetEnumRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out _);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        return new(e == Win32Error.Success ? [.. c.Engine.Queries.GetGroupSetNames().Select(n => new EnumEntry(0, n))] : null, e);
    }

    /// <summary>
    /// ApiCreateGroupEnum (opnum 143): <c>H cluster, UB pProperties, u32 cb, UB pRoProperties, u32 cb →
    /// GROUP_ENUM_LIST*, rpc_status, result</c>. The property buffers are MULTI_SZ lists of common / read-only common
    /// property names; each entry carries a property list of those (MS-CMRP 3.1.4.2.139, 2.2.3.25-26).
    /// </summary>
    public static CreateGroupEnumResponse CreateGroupEnum(ClusApiCall c, CreateGroupEnumRequest r)
    {
        var e = c.Resolve(r.Cluster, ClusApiObjectKind.Cluster, out _);
        var props = r.Properties;
        var roProps = r.RoProperties;
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        if (e != Win32Error.Success)
        {
            return new(null, e);
        }
        var names = Names(props);
        var roNames = Names(roProps);
        var groups = c.Engine.Queries.Enumerate(ClusterEnumType.Group).Select(n => c.Engine.Queries.FindGroup(n)).OfType<GroupInfo>().ToList();
        var entries = groups.Select(g => new GroupEnumEntry(g.Name, g.Id, (int)g.State, g.OwnerNodeName, Flags: 0,
            names.Count == 0 ? [] : c.Controls.GroupPropertyList(g.Id, readOnly: false, names),
            roNames.Count == 0 ? [] : c.Controls.GroupPropertyList(g.Id, readOnly: true, roNames))).ToList();
        return new(entries, Win32Error.Success);
    }

    private static List<string> Names(ReadOnlyMemory<byte> multiSz) =>
        multiSz.Length < 2 ? [] : [.. Encoding.Unicode.GetString(multiSz.Span[..(multiSz.Length & ~1)]).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
