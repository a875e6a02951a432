using Clusterd.ClusApi;
using Clusterd.ClusApi.Contract;
using Clusterd.ClusApi.Notifications;
using Clusterd.Rpc.Ndr;
using static Clusterd.Fuzz.Targets.ClusApiTarget;

namespace Clusterd.Fuzz.Targets;

/// <summary>One valid request stub per implemented opnum, and one control call per catalogued control code.</summary>
internal static class ClusApiSeeds
{
    private const uint MaximumAllowed = 0x02000000;

    public static IEnumerable<(string Name, ushort Opnum, Action<NdrWriter> Write)> Calls(string netInterface)
    {
        yield return ("open-cluster", 0, _ => { });
        yield return ("close-cluster", 1, H(Slot.Cluster));
        yield return ("set-cluster-name", 2, S("CLUSTER2"));
        yield return ("get-cluster-name", 3, _ => { });
        yield return ("get-cluster-version", 4, _ => { });
        yield return ("get-quorum-resource", 5, _ => { });
        yield return ("create-enum", 7, U(0x3F));
        yield return ("open-resource", 8, S("Cluster Disk 1"));
        yield return ("create-resource", 9, w =>
        {
            Handle(w, Slot.Group);
            w.WriteConformantVaryingString("Fuzz Service");
            w.WriteConformantVaryingString("Generic Service");
            w.WriteUInt32(0);
        });
        yield return ("delete-resource", 10, H(Slot.IpResource));
        yield return ("close-resource", 11, H(Slot.Resource));
        yield return ("get-resource-state", 12, H(Slot.Resource));
        yield return ("set-resource-name", 13, HS(Slot.Resource, "Renamed Disk"));
        yield return ("get-resource-id", 14, H(Slot.Resource));
        yield return ("get-resource-type", 15, H(Slot.Resource));
        yield return ("fail-resource", 16, H(Slot.Resource));
        yield return ("online-resource", 17, H(Slot.Resource));
        yield return ("offline-resource", 18, H(Slot.Resource));
        yield return ("add-resource-dependency", 19, HH(Slot.Resource, Slot.IpResource));
        yield return ("remove-resource-dependency", 20, HH(Slot.Resource, Slot.IpResource));
        yield return ("create-res-enum", 22, HU(Slot.Resource, 7));
        yield return ("get-root-key", 28, U(MaximumAllowed));
        yield return ("open-key", 30, w =>
        {
            Handle(w, Slot.Key);
            w.WriteConformantVaryingString("Resources");
            w.WriteUInt32(MaximumAllowed);
        });
        yield return ("enum-key", 31, HU(Slot.Key, 0));
        yield return ("query-value", 34, w =>
        {
            Handle(w, Slot.Key);
            w.WriteConformantVaryingString("ClusterName");
            w.WriteUInt32(512);
        });
        yield return ("enum-value", 36, w =>
        {
            Handle(w, Slot.Key);
            w.WriteUInt32(0);
            w.WriteUInt32(512);
        });
        yield return ("close-key", 37, H(Slot.Key));
        yield return ("query-info-key", 38, H(Slot.Key));
        yield return ("get-key-security", 40, w =>
        {
            Handle(w, Slot.Key);
            w.WriteUInt32(4);
            w.WriteReferentId(true);
            w.WriteUInt32(256);
            w.WriteUInt32(256);
            w.WriteConformantVaryingByteArray(256, new byte[20]);
        });
        yield return ("open-group", 41, S("Cluster Disk 1"));
        yield return ("create-group", 42, S("Fuzz Group"));
        yield return ("delete-group", 43, HU(Slot.Group, 1));
        yield return ("close-group", 44, H(Slot.Group));
        yield return ("get-group-state", 45, H(Slot.Group));
        yield return ("set-group-name", 46, HS(Slot.Group, "Renamed Group"));
        yield return ("get-group-id", 47, H(Slot.Group));
        yield return ("get-node-id", 48, H(Slot.Node));
        yield return ("online-group", 49, H(Slot.Group));
        yield return ("offline-group", 50, H(Slot.Group));
        yield return ("move-group", 51, H(Slot.Group));
        yield return ("move-group-to-node", 52, HH(Slot.Group, Slot.Node2));
        yield return ("create-group-resource-enum", 53, HU(Slot.Group, 1));
        yield return ("set-group-node-list", 54, w =>
        {
            Handle(w, Slot.Group);
            byte[] list = new ValueListWriter().AddMultiString(["node2", "node1"]).ToArray()[8..^4];
            w.WriteReferentId(true);
            w.WriteConformantByteArray(list);
            w.WriteUInt32((uint)list.Length);
        });
        yield return ("close-notify", 56, H(Slot.Notify));
        yield return ("open-node", 66, S("node1"));
        yield return ("close-node", 67, H(Slot.Node));
        yield return ("get-node-state", 68, H(Slot.Node));
        yield return ("pause-node", 69, H(Slot.Node2));
        yield return ("resume-node", 70, H(Slot.Node2));
        yield return ("evict-node", 71, H(Slot.Node2));
        yield return ("open-network", 81, S("Cluster Network 1"));
        yield return ("close-network", 82, H(Slot.Network));
        yield return ("get-network-state", 83, H(Slot.Network));
        yield return ("get-network-id", 86, H(Slot.Network));
        yield return ("open-net-interface", 92, S(netInterface));
        yield return ("close-net-interface", 93, H(Slot.NetInterface));
        yield return ("get-net-interface-state", 94, H(Slot.NetInterface));
        yield return ("get-net-interface-id", 96, H(Slot.NetInterface));
        yield return ("get-cluster-version2", 102, _ => { });
        yield return ("create-res-type-enum", 103, w =>
        {
            w.WriteConformantVaryingString("Physical Disk");
            w.WriteUInt32(3);
        });
        yield return ("backup-cluster-database", 104, S("C:\\backup"));
        yield return ("unblock-get-notify-call", 107, H(Slot.Notify));
        yield return ("set-service-account-password", 108, w =>
        {
            w.WriteConformantVaryingString("secret");
            w.WriteUInt32(0);
            w.WriteUInt32(64);
        });
        yield return ("get-resource-dependency-expression", 110, H(Slot.Resource));
        yield return ("get-resource-network-name", 112, H(Slot.Resource));
        yield return ("open-cluster-ex", 117, U(MaximumAllowed));
        yield return ("open-node-ex", 118, SU("node1", MaximumAllowed));
        yield return ("open-group-ex", 119, SU("Cluster Disk 1", 0x80000000));
        yield return ("open-resource-ex", 120, SU("Cluster Disk 1", MaximumAllowed));
        yield return ("open-network-ex", 121, SU("Cluster Network 1", MaximumAllowed));
        yield return ("open-net-interface-ex", 122, SU(netInterface, MaximumAllowed));
        yield return ("change-csv-state", 123, HU(Slot.Resource, 1));
        yield return ("create-enum-ex", 125, w =>
        {
            Handle(w, Slot.Cluster);
            w.WriteUInt32(0x3F);
            w.WriteUInt32(0);
        });
        yield return ("create-notify-v2", 137, _ => { });
        yield return ("add-notify-v2", 138, w =>
            new AddNotifyV2Request(new NotifyHandle(Placeholder(Slot.Notify)), Placeholder(Slot.Resource), new NotifyFilterAndType(4, 0xFFFF), 7, 2, true).Write(w));
        yield return ("get-notify-v2", 139, H(Slot.Notify));
        yield return ("create-group-enum", 143, w =>
        {
            Handle(w, Slot.Cluster);
            byte[] names = new ValueListWriter().AddMultiString(["Description", "PersistentState"]).ToArray()[8..^4];
            w.WriteReferentId(true);
            w.WriteConformantByteArray(names);
            w.WriteUInt32((uint)names.Length);
            w.WriteReferentId(false);
            w.WriteUInt32(0);
        });
        yield return ("open-group-set", 164, S("Cluster Group"));
        yield return ("close-group-set", 165, H(Slot.GroupSet));
        yield return ("create-group-set-enum", 180, H(Slot.Cluster));
        yield return ("change-csv-state-ex", 182, w =>
        {
            Handle(w, Slot.Resource);
            w.WriteUInt32(1);
            w.WriteConformantVaryingString("Volume1");
        });

        foreach (var known in ControlCodes.All)
        {
            foreach (var call in ControlCall(known))
            {
                yield return call;
            }
        }
    }

    /// <summary>Inputs of several calls on one cluster, for state that one call leaves to the next.</summary>
    public static IEnumerable<(string Name, (ushort Opnum, Action<NdrWriter> Write)[] Calls)> Sequences()
    {
        byte[] every = new PropertyListWriter()
            .AddDword("FuzzDword", 7).AddLong("FuzzLong", -7).AddULargeInteger("FuzzQword", ulong.MaxValue)
            .AddString("FuzzSz", "text").AddExpandString("FuzzExpandSz", "%Path%").AddMultiString("FuzzMultiSz", ["a", "b"])
            .AddBinary("FuzzBinary", [1, 2, 3]).ToArray();
        yield return ("private-properties-set-get-enum",
        [
            (73, Control(Slot.Resource, null, ControlCodes.ResourceSetPrivateProperties, every)),
            (73, Control(Slot.Resource, null, ControlCodes.ResourceGetPrivateProperties, null)),
            (73, Control(Slot.Resource, null, ControlCodes.ResourceEnumPrivateProperties, null)),
        ]);
        byte[] common = new PropertyListWriter().AddString("Description", "fuzzed").AddDword("PersistentState", 0).ToArray();
        yield return ("common-properties-set-get",
        [
            (77, Control(Slot.Group, null, 0x0340005E, common)),
            (77, Control(Slot.Group, null, ControlCodes.GroupGetCommonProperties, null)),
            (73, Control(Slot.Resource, null, ControlCodes.ResourceSetCommonProperties, common)),
            (73, Control(Slot.Resource, null, ControlCodes.ResourceGetCommonProperties, null)),
        ]);
        yield return ("create-group-resource-online-delete",
        [
            (42, S("Fuzz Group")),
            (9, w =>
            {
                Handle(w, Slot.Last);
                w.WriteConformantVaryingString("Fuzz Service");
                w.WriteConformantVaryingString("Generic Service");
                w.WriteUInt32(0);
            }),
            (19, HH(Slot.Last, Slot.IpResource)),
            (17, H(Slot.Last)),
            (18, H(Slot.Last)),
            (10, H(Slot.Last)),
        ]);
        yield return ("notify-rename-get",
        [
            (138, w => new AddNotifyV2Request(new NotifyHandle(Placeholder(Slot.Notify)), Placeholder(Slot.Resource), new NotifyFilterAndType(3, 0x80), 7, 2, true).Write(w)),
            (13, HS(Slot.Resource, "Renamed Disk")),
            (139, H(Slot.Notify)),
            (107, H(Slot.Notify)),
            (56, H(Slot.Notify)),
        ]);
        byte[] backup = new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 60, "Volume1").ToArray();
        yield return ("backup-mode-states-csv-state",
        [
            (73, Control(Slot.Resource, null, ControlCodes.SetSharedVolumeBackupMode, backup)),
            (73, Control(Slot.Resource, null, ControlCodes.GetSharedVolumeStates, null)),
            (182, w =>
            {
                Handle(w, Slot.Resource);
                w.WriteUInt32(0);
                w.WriteConformantVaryingString("Volume1");
            }),
            (73, Control(Slot.Resource, null, ControlCodes.GetSharedVolumeInfo, null)),
        ]);
        yield return ("open-key-query-close",
        [
            (30, w =>
            {
                Handle(w, Slot.Key);
                w.WriteConformantVaryingString("Resources");
                w.WriteUInt32(MaximumAllowed);
            }),
            (31, HU(Slot.Last, 0)),
            (38, H(Slot.Last)),
            (37, H(Slot.Last)),
        ]);
    }

    private static IEnumerable<(string Name, ushort Opnum, Action<NdrWriter> Write)> ControlCall(KnownControlCode known)
    {
        string name = known.Name.Replace("CLUSCTL_", "", StringComparison.Ordinal).ToLowerInvariant().Replace('_', '-');
        byte[]? input = InputFor(known);
        uint code = known.Code.Value;
        switch (known.Code.ObjectType)
        {
            case ControlObject.Resource:
                yield return (name, 73, Control(Slot.Resource, null, code, input));
                break;
            case ControlObject.ResourceType:
                yield return (name, 75, w =>
                {
                    Handle(w, Slot.Cluster);
                    w.WriteConformantVaryingString("Physical Disk");
                    ControlTail(w, code, input);
                });
                break;
            case ControlObject.Group:
                yield return (name, 77, Control(Slot.Group, null, code, input));
                break;
            case ControlObject.Node:
                yield return (name, 79, Control(Slot.Node, null, code, input));
                break;
            case ControlObject.Network:
                yield return (name, 89, Control(Slot.Network, null, code, input));
                break;
            case ControlObject.NetInterface:
                yield return (name, 98, Control(Slot.NetInterface, null, code, input));
                break;
            case ControlObject.Cluster:
                yield return (name, 106, Control(Slot.Cluster, null, code, input));
                break;
            default:
                yield break;
        }

        // A few node variants, the way a client addresses a node other than the one it is connected to.
        if (known.Code == ControlCodes.SetSharedVolumeBackupMode || known.Code == ControlCodes.GetSharedVolumeInfo)
        {
            yield return ("node-" + name, 72, Control(Slot.Resource, Slot.Node2, code, input));
        }
    }

    // The input buffer a client sends with the code (MS-CMRP 2.2.3 structures, property lists); null when none.
    private static byte[]? InputFor(KnownControlCode known)
    {
        if (known.Code == ControlCodes.SetSharedVolumeBackupMode)
        {
            return new SharedVolumeBackupMode(SharedVolumeBackupState.InProgress, 600, "Cluster Disk 1").ToArray();
        }

        if (known.Code == ControlCodes.SetCsvMaintenanceMode)
        {
            return new CsvMaintenanceModeInfo(true, "Cluster Disk 1").ToArray();
        }

        if (known.Code == ControlCodes.SetMaintenanceMode)
        {
            return new MaintenanceModeInfoEx(true, MaintenanceModeType.DisableIsAliveCheck, ClusterResourceState.Online).ToArray();
        }

        string n = known.Name;
        if (n.Contains("RENAME_SHARED_VOLUME", StringComparison.Ordinal))
        {
            return Utf16Field.ToNulTerminatedBytes(n.EndsWith("GUID", StringComparison.Ordinal)
                ? "\\\\?\\Volume{3f0c9a77-1111-4c1d-9e2f-0a0b0c0d0e01}\\" : "Volume9");
        }

        if (n.Contains("IS_CSV_FILE", StringComparison.Ordinal) || n.Contains("GET_SHARED_VOLUME_ID", StringComparison.Ordinal)
            || n.Contains("IS_SHARED_VOLUME", StringComparison.Ordinal))
        {
            return Utf16Field.ToNulTerminatedBytes("C:\\ClusterStorage\\Volume1\\file.vhdx");
        }

        if (n.Contains("SET_", StringComparison.Ordinal) || n.Contains("VALIDATE_", StringComparison.Ordinal))
        {
            return new PropertyListWriter().AddString("Description", "fuzz").AddDword("PersistentState", 1).ToArray();
        }

        if (n.Contains("GET_SHARED_VOLUME_STATES", StringComparison.Ordinal) || n.Contains("GET_SHARED_VOLUME_PARTITION_NAMES", StringComparison.Ordinal))
        {
            return new ValueListWriter().AddString("Cluster Disk 1").ToArray();
        }

        return null;
    }

    private static Action<NdrWriter> Control(Slot target, Slot? node, uint code, byte[]? input) => w =>
    {
        Handle(w, target);
        if (node is { } n)
        {
            Handle(w, n);
        }

        ControlTail(w, code, input);
    };

    private static void ControlTail(NdrWriter w, uint code, byte[]? input)
    {
        w.WriteUInt32(code);
        if (w.WriteReferentId(input is not null))
        {
            w.WriteConformantByteArray(input);
        }

        w.WriteUInt32((uint)(input?.Length ?? 0));
        w.WriteUInt32(4096);
    }

    private static void Handle(NdrWriter w, Slot slot) => w.WriteContextHandle(Placeholder(slot));

    private static Action<NdrWriter> H(Slot slot) => w => Handle(w, slot);

    private static Action<NdrWriter> HH(Slot first, Slot second) => w =>
    {
        Handle(w, first);
        Handle(w, second);
    };

    private static Action<NdrWriter> HU(Slot slot, uint value) => w =>
    {
        Handle(w, slot);
        w.WriteUInt32(value);
    };

    private static Action<NdrWriter> HS(Slot slot, string value) => w =>
    {
        Handle(w, slot);
        w.WriteConformantVaryingString(value);
    };

    private static Action<NdrWriter> S(string value) => w => w.WriteConformantVaryingString(value);

    private static Action<NdrWriter> SU(string value, uint number) => w =>
    {
        w.WriteConformantVaryingString(value);
        w.WriteUInt32(number);
    };

    private static Action<NdrWriter> U(uint value) => w => w.WriteUInt32(value);
}
