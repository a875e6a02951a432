using System.Text;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>
/// The group-set control codes (ApiGroupSetControl and ApiNodeGroupSetControl, MS-CMRP 3.1.4.2.155-156, 3.1.4.3.8):
/// GET_NAME, GET_ID, the common and private property codes (the group-set table of PropertyTables), GET_GROUPS,
/// GET_PROVIDER_GROUPS and GET_PROVIDER_GROUPSETS. Any other code is ERROR_INVALID_FUNCTION, as for the other objects.
/// </summary>
public sealed partial class ControlDispatcher
{
    // The low 24 bits (CLCTL_*) of the group-set codes of clusapi.h.
    private const uint OpGroupSetGetGroups = 0x2D71, OpGroupSetGetProviderGroups = 0x2D75, OpGroupSetGetProviderGroupSets = 0x2D79;

    /// <summary>Runs a group-set control code (ApiGroupSetControl, MS-CMRP 3.1.4.2.156).</summary>
    [Service.ParityNote(OpGroupSetGetGroups, "The member groups' names as a MULTI_SZ (each name NUL-terminated, then a final NUL), in the order they joined (docs/behaviour.md, \"Group sets and group dependencies\").")]
    [Service.ParityNote(OpGroupSetGetProviderGroups, "The names of the groups the set's members need online first (members of its provider sets), as a MULTI_SZ.")]
    [Service.ParityNote(OpGroupSetGetProviderGroupSets, "The names of the set's provider sets, as a MULTI_SZ.")]
    public ControlOutput GroupSetControl(string groupSet, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var s = _engine.Queries.GetGroupSetDetails(groupSet);
        var admitted = Admit(controlCode, ControlObject.GroupSet, ctx, s is null ? Win32Error.GroupsetNotFound : Win32Error.Success);
        if (admitted != Win32Error.Success)
        {
            return Fail(admitted);
        }
        var op = new ControlCode(controlCode).Operation;
        switch (op)
        {
            case OpGroupSetGetGroups:
                return Output(NameList(s!.GroupNames), outSize);
            case OpGroupSetGetProviderGroupSets:
                return Output(NameList(s!.ProviderSetNames), outSize);
            case OpGroupSetGetProviderGroups:
                var providers = s!.ProviderSetIds.Select(id => _engine.Queries.GetGroupSetDetails(id)).OfType<GroupSetDetails>()
                    .SelectMany(p => p.GroupNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return Output(NameList(providers), outSize);
            case OpName or OpId or OpEnumCommon or OpRoCommon or OpCommon or OpSetCommon or OpValidateCommon
                or OpEnumPrivate or OpRoPrivate or OpPrivate or OpSetPrivate or OpValidatePrivate:
                return Generic(PropertyObject.GroupSet, s!.Id, s.Name, controlCode, input, outSize, ctx);
            default:
                return Fail(Win32Error.InvalidFunction);
        }
    }

    // CLUSCTL_GROUP_GET_PROVIDER_GROUPS and CLUSCTL_GROUP_GET_PROVIDER_GROUPSETS (MS-CMRP 3.1.4.3.3.20, 3.1.4.3.3.21):
    // group control codes that carry the group-set object byte 0x08 (clusapi.h CLUSCTL_GROUPSET_CODES).
    private const uint GroupGetProviderGroups = 0x08002D7D, GroupGetProviderGroupSets = 0x08002D81;

    private static bool IsGroupProviderCode(uint controlCode) => controlCode is GroupGetProviderGroups or GroupGetProviderGroupSets;

    /// <summary>
    /// The provider groups or the provider group sets of a group, as a MULTI_SZ of names (docs/behaviour.md, "Group sets
    /// and group dependencies"; no ParityNote: the parity matrix probes ApiGroupControl with group codes only).
    /// </summary>
    private ControlOutput GroupProviders(string groupId, uint controlCode, uint outSize)
    {
        var deps = _engine.Queries.GetGroupDependencies(groupId);
        if (deps is null)
        {
            return Fail(Win32Error.GroupNotFound);
        }
        return Output(NameList(controlCode == GroupGetProviderGroups ? deps.ProviderGroupNames : deps.ProviderSetNames), outSize);
    }

    /// <summary>Names as a MULTI_SZ: each NUL-terminated, then one more NUL (an empty list is a single NUL).</summary>
    private static byte[] NameList(IEnumerable<string> names)
    {
        var sb = new StringBuilder();
        foreach (var n in names)
        {
            sb.Append(n).Append('\0');
        }
        sb.Append('\0');
        return Encoding.Unicode.GetBytes(sb.ToString());
    }
}
