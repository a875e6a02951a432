using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>
/// The generic control codes every object shares (MS-CMRP 3.1.4.3.x.1-x.20): UNKNOWN, GET_CHARACTERISTICS, GET_FLAGS,
/// GET_CLASS_INFO, GET_NAME, GET_ID, GET_RESOURCE_TYPE, GET_NODE, GET_NETWORK, GET_FQDN, CHECK_VOTER_DOWN,
/// GET_NETWORK_NAME and the common/private property codes, plus ApiGroupControl, ApiNodeControl, ApiNetworkControl
/// and ApiNetInterfaceControl.
/// </summary>
public sealed partial class ControlDispatcher
{
    // The low 24 bits (CLCTL_*) of the generic codes.
    private const uint OpUnknown = 0x0, OpCharacteristics = 0x5, OpFlags = 0x9, OpClassInfo = 0xD, OpName = 0x29, OpResourceType = 0x2D,
        OpNode = 0x31, OpNetwork = 0x35, OpId = 0x39, OpFqdn = 0x3D, OpCheckVoterDown = 0x49, OpEnumCommon = 0x51, OpRoCommon = 0x55,
        OpCommon = 0x59, OpSetCommon = 0x40005E, OpValidateCommon = 0x61, OpEnumPrivate = 0x79, OpRoPrivate = 0x7D, OpPrivate = 0x81,
        OpSetPrivate = 0x400086, OpValidatePrivate = 0x89, OpNetworkName = 0x169;

    /// <summary>Runs a group control code (ApiGroupControl, MS-CMRP 3.1.4.2.78).</summary>
    public ControlOutput GroupControl(string group, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var g = _engine.Queries.FindGroup(group);
        // CLUSCTL_GROUP_GET_PROVIDER_GROUPS/GROUPSETS carry the group-set object byte (ControlDispatcher.GroupSet.cs).
        var providerCode = IsGroupProviderCode(controlCode);
        var admitted = Admit(controlCode, providerCode ? ControlObject.GroupSet : ControlObject.Group, ctx,
            g is null ? Win32Error.GroupNotFound : Win32Error.Success);
        return admitted != Win32Error.Success ? Fail(admitted)
            : providerCode ? GroupProviders(g!.Id, controlCode, outSize)
            : Generic(PropertyObject.Group, g!.Id, g.Name, controlCode, input, outSize, ctx);
    }

    /// <summary>Runs a node control code (ApiNodeControl, MS-CMRP 3.1.4.2.80).</summary>
    public ControlOutput NodeControl(string node, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var n = _engine.Queries.FindNode(node);
        var admitted = Admit(controlCode, ControlObject.Node, ctx, n is null ? Win32Error.ClusterNodeNotFound : Win32Error.Success);
        return admitted != Win32Error.Success ? Fail(admitted) : Generic(PropertyObject.Node, n!.Id, n.Name, controlCode, input, outSize, ctx);
    }

    /// <summary>Runs a network control code (ApiNetworkControl, MS-CMRP 3.1.4.2.89).</summary>
    public ControlOutput NetworkControl(string network, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var n = _engine.Queries.FindNetwork(network);
        var admitted = Admit(controlCode, ControlObject.Network, ctx, n is null ? Win32Error.ClusterNetworkNotFound : Win32Error.Success);
        return admitted != Win32Error.Success ? Fail(admitted) : Generic(PropertyObject.Network, n!.Id, n.Name, controlCode, input, outSize, ctx);
    }

    /// <summary>Runs a network interface control code (ApiNetInterfaceControl, MS-CMRP 3.1.4.2.98).</summary>
    public ControlOutput NetInterfaceControl(string netInterface, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var i = _engine.Queries.FindNetInterface(netInterface);
        var admitted = Admit(controlCode, ControlObject.NetInterface, ctx, i is null ? Win32Error.ClusterNetInterfaceNotFound : Win32Error.Success);
        return admitted != Win32Error.Success ? Fail(admitted) : Generic(PropertyObject.NetInterface, i!.Id, i.Name, controlCode, input, outSize, ctx);
    }

    private static ControlObject ObjectOf(PropertyObject o) => o switch
    {
        PropertyObject.Cluster => ControlObject.Cluster,
        PropertyObject.Node => ControlObject.Node,
        PropertyObject.Group => ControlObject.Group,
        PropertyObject.Resource => ControlObject.Resource,
        PropertyObject.ResourceType => ControlObject.ResourceType,
        PropertyObject.Network => ControlObject.Network,
        PropertyObject.GroupSet => ControlObject.GroupSet,
        _ => ControlObject.NetInterface,
    };

    /// <summary>
    /// The generic codes for one object. <paramref name="id"/> is the object's key name; <paramref name="name"/> its
    /// display name. The caller has admitted the code (<see cref="Admit"/>) inside its engine command.
    /// </summary>
    [Service.ParityNote(OpUnknown, "*_UNKNOWN succeeds with no output. The bare code 0 (no object byte) is ERROR_INVALID_FUNCTION, as smbtorture expects.")]
    [Service.ParityNote(OpCharacteristics, "CLUS_CHARACTERISTICS from the resource type's Characteristics value (0 otherwise).")]
    [Service.ParityNote(OpClassInfo, "CLUS_RESOURCE_CLASS_INFO with the type's class; SubClass is always 0.")]
    [Service.ParityNote(OpCheckVoterDown, "One DWORD: 1 when one more voter down would cost node-majority quorum.")]
    [Service.ParityNote(OpRoPrivate, "No read-only private properties are kept: always the empty property list.")]
    private ControlOutput Generic(PropertyObject o, string id, string name, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext ctx)
    {
        var code = new ControlCode(controlCode);
        var op = code.Operation;
        switch (op)
        {
            case OpUnknown:
                return ControlOutput.Empty; // *_UNKNOWN: "verifies that control codes are being processed"
            case OpCharacteristics when o != PropertyObject.Cluster:
                return Output(Dword(Characteristics(o, id)), outSize);
            case OpFlags when o != PropertyObject.Cluster:
                return Output(Dword(Flags(o, id)), outSize);
            case OpClassInfo when o is PropertyObject.Resource or PropertyObject.ResourceType:
                return Output(ClassInfo(o, id), outSize);
            case OpName when o is not (PropertyObject.Cluster or PropertyObject.ResourceType):
                return Output(StringBytes(name), outSize);
            case OpId when o is not (PropertyObject.Cluster or PropertyObject.ResourceType):
                return Output(StringBytes(id), outSize);
            case OpNetworkName when o == PropertyObject.Resource:
                // CLUSCTL_RESOURCE_GET_NETWORK_NAME: the NetBIOS name of the Network Name resource it depends on.
                return _engine.Queries.GetResourceNetworkName(id) is { } network ? Output(StringBytes(network), outSize) : Fail(Win32Error.ResourceNotFound);
            case OpResourceType when o == PropertyObject.Resource:
                return Output(StringBytes(_engine.Queries.FindResource(id)?.TypeName ?? ""), outSize);
            case OpNode when o == PropertyObject.NetInterface:
                return Output(StringBytes(_engine.Queries.FindNetInterface(id)?.NodeName ?? ""), outSize);
            case OpNetwork when o == PropertyObject.NetInterface:
                return Output(StringBytes(_engine.Queries.FindNetInterface(id)?.NetworkName ?? ""), outSize);
            case OpFqdn when o == PropertyObject.Cluster:
                return Output(StringBytes(_engine.Queries.GetClusterInfo().Fqdn), outSize);
            case OpCheckVoterDown when o == PropertyObject.Cluster:
                return Output(Dword(VoterDownLosesQuorum() ? 1u : 0u), outSize);
            case OpEnumCommon:
                return Output(CommonPropertyNames(o), outSize);
            case OpCommon:
            case OpRoCommon:
                return CommonPropertyList(o, id, op == OpRoCommon) is { } list ? Output(list, outSize) : Fail(NotFound(o));
            case OpEnumPrivate:
                return PrivatePropertyNames(o, id) is { } names ? Output(names, outSize) : Fail(NotFound(o));
            case OpPrivate:
                return PrivatePropertyList(o, id) is { } priv ? Output(priv, outSize) : Fail(NotFound(o));
            case OpRoPrivate:
                return Output(new PropertyListWriter().ToArray(), outSize); // no read-only private properties are kept
            case OpSetCommon:
            case OpValidateCommon:
                return SetCommon(o, id, input, validateOnly: op == OpValidateCommon, ctx);
            case OpSetPrivate:
            case OpValidatePrivate:
                return SetPrivate(o, id, input, validateOnly: op == OpValidatePrivate);
            default:
                return Fail(Win32Error.InvalidFunction);
        }
    }

    private static Win32Error NotFound(PropertyObject o) => o switch
    {
        PropertyObject.Node => Win32Error.ClusterNodeNotFound,
        PropertyObject.Group => Win32Error.GroupNotFound,
        PropertyObject.Resource => Win32Error.ResourceNotFound,
        PropertyObject.ResourceType => Win32Error.ClusterResourceTypeNotFound,
        PropertyObject.Network => Win32Error.ClusterNetworkNotFound,
        PropertyObject.NetInterface => Win32Error.ClusterNetInterfaceNotFound,
        PropertyObject.GroupSet => Win32Error.GroupsetNotFound,
        _ => Win32Error.FileNotFound,
    };

    [Service.ParityNote(OpSetCommon, "Names are checked against the object's common-property table (unknown, read-only or wrong format: ERROR_INVALID_PARAMETER); \"Name\" renames through the engine.")]
    private ControlOutput SetCommon(PropertyObject o, string id, ReadOnlySpan<byte> input, bool validateOnly, ControlContext ctx)
    {
        var e = ParseCommon(o, input, out var values, out var newName);
        if (e == Win32Error.Success && o == PropertyObject.Cluster
            && values.FirstOrDefault(v => string.Equals(v.Name, PropertyTables.SecurityDescriptor, StringComparison.OrdinalIgnoreCase)) is { } sd)
        {
            return SetClusterSecurity(sd, values.Count + (newName is null ? 0 : 1), validateOnly, ctx);
        }
        if (e != Win32Error.Success || validateOnly)
        {
            return Result(e);
        }
        // A new name and the values are one engine command (MS-CMRP 3.1.4.3.1.13): a refused value must not leave the
        // object renamed, nor a refused name leave the values written.
        if (newName is not null && values.Count == 0)
        {
            return Result(o switch
            {
                PropertyObject.Resource => _engine.Execute(new RenameResource(id, newName)),
                PropertyObject.Group => _engine.Execute(new RenameGroup(id, newName)),
                _ => Win32Error.InvalidParameter,
            });
        }
        if (newName is not null && o is not (PropertyObject.Resource or PropertyObject.Group))
        {
            return Fail(Win32Error.InvalidParameter);
        }
        return values.Count == 0 ? ControlOutput.Empty : Result(_engine.Execute(new SetProperties(ObjectType(o), id, ParametersSubkey: false, values, newName)));
    }

    /// <summary>
    /// SET/VALIDATE_COMMON_PROPERTIES carrying "Security Descriptor" (CLUSREG_NAME_CLUS_SD), the mechanism Windows gives
    /// for changing the cluster security descriptor (MS-CMRP 3.1.1.3; docs/authorization.md). It must come alone
    /// (ERROR_INVALID_PARAMETER otherwise: one engine command per call) and is checked against the cluster's accounts
    /// before anything is written: malformed or over the limits, ERROR_INVALID_SECURITY_DESCR; an ACE naming no account
    /// and no well-known SID, ERROR_NONE_MAPPED; nobody left with "All", ERROR_LAST_ADMIN. The "All" handle this needs was
    /// checked by Admit (the code has the modify bit). The new descriptor applies to handles opened afterwards.
    /// </summary>
    private ControlOutput SetClusterSecurity(StoredValue descriptor, int valueCount, bool validateOnly, ControlContext ctx)
    {
        if (valueCount != 1)
        {
            return Fail(Win32Error.InvalidParameter);
        }
        var accounts = ctx.Accounts ?? ClusterAccounts.None;
        var e = accounts.Validate(descriptor.Data, out var parsed);
        if (e != Win32Error.Success || validateOnly)
        {
            return Result(e);
        }
        return Result(_engine.Execute(new SetClusterSecurity(descriptor.Data.ToArray(), AccountNames: accounts.AccountNamesOf(parsed!))));
    }

    // A private property of an online resource is read by the resource when it next comes online: Windows answers
    // ERROR_RESOURCE_PROPERTIES_STORED (MS-CMRP 3.1.4.3.1.22).
    [Service.ParityNote(OpSetPrivate, "On an online resource success is ERROR_RESOURCE_PROPERTIES_STORED (0x13A0), as Windows answers (MS-CMRP 3.1.4.3.1.22).")]
    private ControlOutput SetPrivate(PropertyObject o, string id, ReadOnlySpan<byte> input, bool validateOnly)
    {
        var e = ParsePrivate(input, out var values);
        if (e != Win32Error.Success || validateOnly)
        {
            return Result(e);
        }
        e = _engine.Execute(new SetProperties(ObjectType(o), id, ParametersSubkey: true, values));
        if (e == Win32Error.Success && o == PropertyObject.Resource && _engine.Queries.FindResource(id)?.State == ClusterResourceState.Online)
        {
            e = Win32Error.ResourcePropertiesStored;
        }
        return Result(e);
    }

    // CLUS_CHARACTERISTICS: kept as the "Characteristics" value of a resource type (0, CLUS_CHAR_UNKNOWN, otherwise).
    private uint Characteristics(PropertyObject o, string id) => o switch
    {
        PropertyObject.ResourceType => _engine.Queries.GetResourceTypeCharacteristics(id),
        PropertyObject.Resource when _engine.Queries.FindResource(id) is { } r => _engine.Queries.GetResourceTypeCharacteristics(r.TypeName),
        _ => 0,
    };

    // CLUS_FLAGS: CLUS_FLAG_CORE (1) for core resources and the core cluster group.
    private uint Flags(PropertyObject o, string id) => o switch
    {
        PropertyObject.Resource => _engine.Queries.FindResource(id)?.IsCore == true ? 1u : 0u,
        PropertyObject.Group => _engine.Queries.FindGroup(id)?.GroupType == Cluster.Model.ClusterGroupType.CoreCluster ? 1u : 0u,
        _ => 0u,
    };

    // CLUS_RESOURCE_CLASS_INFO: {DWORD rc; DWORD SubClass} (MS-CMRP 2.2.3.x).
    private byte[] ClassInfo(PropertyObject o, string id)
    {
        var typeName = o == PropertyObject.Resource ? _engine.Queries.FindResource(id)?.TypeName ?? "" : id;
        var rc = _engine.Queries.FindResourceType(typeName)?.ResourceClass ?? 0;
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, rc);
        return b;
    }

    /// <summary>
    /// CHECK_VOTER_DOWN (MS-CMRP 3.1.4.3.7.x): whether one more voter going down would cost the cluster its quorum
    /// (node majority: the up nodes minus one no longer exceed half of all nodes). Output: one DWORD, 1 = would lose.
    /// </summary>
    private bool VoterDownLosesQuorum()
    {
        var nodes = _engine.Queries.GetNodes();
        var up = nodes.Count(n => n.State is ClusterNodeState.Up or ClusterNodeState.Paused);
        return (up - 1) * 2 <= nodes.Count;
    }

    private static byte[] Dword(uint value)
    {
        var b = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }
}
