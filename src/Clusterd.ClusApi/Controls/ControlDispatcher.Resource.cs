using Clusterd.Cluster.Commands;
using Clusterd.Cluster.Engine;

namespace Clusterd.ClusApi.Controls;

/// <summary>ApiResourceControl / ApiNodeResourceControl: the CSV codes (MS-CMRP 3.1.4.3.1.48-54 and the MSCS-only ones) and disk maintenance.</summary>
public sealed partial class ControlDispatcher
{
    /// <summary>
    /// Runs a resource control code. <paramref name="outSize"/> is nOutBufferSize; the result never carries more bytes.
    /// </summary>
    [Service.ParityNote(ControlCodes.IsSharedVolume, "MSCS-only code: success for a CSV resource, ERROR_CLUSTER_NOT_SHARED_VOLUME otherwise.")]
    public ControlOutput ResourceControl(string resource, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var info = _engine.Queries.ResolveResource(resource);
        var admitted = Admit(controlCode, ControlObject.Resource, ctx, info is null ? Win32Error.ResourceNotFound : Win32Error.Success, info?.OwnerNodeName);
        if (admitted != Win32Error.Success)
        {
            return Fail(admitted);
        }
        var (id, _) = info!.Value;
        return controlCode switch
        {
            ControlCodes.GetSharedVolumeInfo => GetSharedVolumeInfo(id, outSize),
            ControlCodes.SetCsvMaintenanceMode => SetCsvMaintenanceMode(id, input),
            ControlCodes.EnableSharedVolumeDirectIO => SetDirectIO(id, input, outSize, enable: true),
            ControlCodes.DisableSharedVolumeDirectIO => SetDirectIO(id, input, outSize, enable: false),
            ControlCodes.SetSharedVolumeBackupMode => SetBackupMode(id, input, ctx),
            ControlCodes.GetSharedVolumePartitionNames => GetPartitionNames(id, outSize),
            ControlCodes.GetSharedVolumeStates => GetSharedVolumeStates(id, input, outSize),
            ControlCodes.IsSharedVolume => Result(_engine.Queries.IsSharedVolume(id)),
            ControlCodes.QueryMaintenanceMode => QueryDiskMaintenance(id, outSize),
            ControlCodes.SetMaintenanceMode => SetDiskMaintenance(id, input),
            _ => Generic(PropertyObject.Resource, id, _engine.Queries.FindResource(id)?.Name ?? resource, controlCode, input, outSize, ctx),
        };
    }

    // MS-CMRP 3.1.4.3.1.48: a value list with one CLUSPROP_SYNTAX_LIST_VALUE_BINARY CLUS_CSV_VOLUME_INFO per CSV.
    [Service.ParityNote(ControlCodes.GetSharedVolumeInfo, "One CLUS_CSV_VOLUME_INFO per volume in a value list; a resource that is not a CSV answers ERROR_INVALID_FUNCTION (MS-CMRP 3.1.4.3.1.48).")]
    private ControlOutput GetSharedVolumeInfo(string resource, uint outSize)
    {
        var (e, volumes) = _engine.Queries.GetSharedVolumeInfo(resource);
        if (e != Win32Error.Success)
        {
            return Fail(e);
        }
        var infos = volumes!.Select(v => new CsvVolumeInfo(v.VolumeOffset, v.PartitionNumber, v.FaultState, v.BackupState, v.FriendlyName, v.VolumeName)).ToArray();
        return Output(CsvVolumeInfoList.ToArray(infos), outSize);
    }

    // MS-CMRP 3.1.4.3.1.51. Check order (docs/behaviour.md, "Check order"): profile, not CSV, not online, then the input.
    [Service.ParityNote(ControlCodes.SetCsvMaintenanceMode, "Profile Spec: MS-CMRP 3.1.4.3.1.51. Profile WS2012Plus: ERROR_INVALID_FUNCTION, as Windows 8 / Server 2012 and later answer (MS-CMRP footnotes 81, 173).")]
    private ControlOutput SetCsvMaintenanceMode(string resource, ReadOnlySpan<byte> input)
    {
        if (_engine.Options.Profile == CsvProfile.WS2012Plus)
        {
            return Fail(Win32Error.InvalidFunction); // MS-CMRP footnote 173
        }
        var pre = _engine.Queries.CheckSharedVolumeResource(resource);
        if (pre != Win32Error.Success)
        {
            return Fail(pre);
        }
        var e = CsvMaintenanceModeInfo.TryRead(input, out var info);
        return e != Win32Error.Success ? Fail(e) : Result(_engine.Execute(new SetCsvMaintenanceMode(resource, info.VolumeName, info.InMaintenance)));
    }

    // MS-CMRP 3.1.4.3.1.52/53: the input is a NUL-terminated volume name (docs/behaviour.md, "DIRECTIO input"); on success the volume
    // GUID path goes to a non-empty output buffer. A non-empty buffer too small for it is ERROR_MORE_DATA with
    // lpcbRequired (MS-CMRP 3.1.4.2.74), decided inside the engine command before the transition, so that answer
    // changes nothing (docs/engine-rules.md, "The ClusAPI layer").
    [Service.ParityNote(ControlCodes.EnableSharedVolumeDirectIO, "Input: a NUL-terminated volume name (docs/behaviour.md, \"DIRECTIO input\"); a non-empty output buffer too small for the volume GUID path gives ERROR_MORE_DATA (lpcbRequired 100) and no transition: an error answer changes nothing.")]
    [Service.ParityNote(ControlCodes.DisableSharedVolumeDirectIO, "As ENABLE_SHARED_VOLUME_DIRECTIO: NUL-terminated volume name in, GUID path out; ERROR_MORE_DATA makes no transition.")]
    private ControlOutput SetDirectIO(string resource, ReadOnlySpan<byte> input, uint outSize, bool enable)
    {
        var pre = _engine.Queries.CheckSharedVolumeResource(resource);
        if (pre != Win32Error.Success)
        {
            return Fail(pre);
        }
        var e = Utf16Field.TryReadVariable(input, out var name);
        if (e != Win32Error.Success)
        {
            return Fail(e);
        }
        // nOutBufferSize 0 asks for no output (MS-CMRP 3.1.4.3.1.52/53); any other size must hold the whole GUID path.
        var (error, guidPath) = _engine.Execute(new SetDirectIO(resource, name, enable, AnswerBufferBytes: outSize));
        if (error == Win32Error.MoreData)
        {
            return Output(StringBytes(_engine.Queries.FindSharedVolume(name)!.VolumeName), outSize);
        }
        return error != Win32Error.Success ? Fail(error) : ControlOutput.FromOptional(StringBytes(guidPath!), outSize);
    }

    // MS-CMRP 3.1.4.3.1.54: input CLUS_SHARED_VOLUME_BACKUP_MODE; no output.
    [Service.ParityNote(ControlCodes.SetSharedVolumeBackupMode, "Profile Spec: MS-CMRP 3.1.4.3.1.54 with the volume backup timer. Profile WS2012Plus: ERROR_INVALID_FUNCTION, as Server 2008 to 2016 answer (footnote 176); the ERROR_NOT_SUPPORTED of client SKUs (footnote 82) is not modelled.")]
    private ControlOutput SetBackupMode(string resource, ReadOnlySpan<byte> input, ControlContext ctx)
    {
        if (_engine.Options.Profile == CsvProfile.WS2012Plus)
        {
            return Fail(Win32Error.InvalidFunction); // MS-CMRP footnote 176
        }
        var pre = _engine.Queries.CheckSharedVolumeResource(resource);
        if (pre != Win32Error.Success)
        {
            return Fail(pre);
        }
        var e = SharedVolumeBackupMode.TryRead(input, out var mode);
        return e != Win32Error.Success
            ? Fail(e)
            : Result(_engine.Execute(new SetBackupMode(resource, mode.VolumeName, mode.BackupState, mode.DelayTimerInSecs, ctx.Requester)));
    }

    // MSCS only (docs/behaviour.md, "MSCS-only codes"): a value list of CLUS_CSV_VOLUME_NAME, one per CSV.
    [Service.ParityNote(ControlCodes.GetSharedVolumePartitionNames, "MSCS-only code (no MS-CMRP behaviour): a value list of CLUS_CSV_VOLUME_NAME, one per volume.")]
    private ControlOutput GetPartitionNames(string resource, uint outSize)
    {
        var (e, volumes) = _engine.Queries.GetSharedVolumeInfo(resource);
        if (e != Win32Error.Success)
        {
            return Fail(e);
        }
        var root = _engine.Queries.GetClusterInfo().SharedVolumesRoot.TrimEnd('\\');
        var list = new ValueListWriter();
        foreach (var v in volumes!)
        {
            var entry = new CsvVolumeName(checked((long)v.VolumeOffset), v.VolumeName, root + "\\" + v.FriendlyName);
            entry.WriteTo(list.AddUninitialized(ClusPropSyntax.ListValueBinary, CsvVolumeName.Size));
        }
        return Output(list.ToArray(), outSize);
    }

    // MSCS only (docs/behaviour.md, "MSCS-only codes"): a value list of CLUSTER_SHARED_VOLUME_STATE_INFO_EX, one per (volume, node);
    // an optional input names one volume.
    [Service.ParityNote(ControlCodes.GetSharedVolumeStates, "MSCS-only code: CLUSTER_SHARED_VOLUME_STATE_INFO_EX per (volume, node). The code carries the modify bit (clusapi.h: CLCTL_EXTERNAL_CODE(168, WRITE, MODIFY)), so it needs \"All\" and the read/write state.")]
    private ControlOutput GetSharedVolumeStates(string resource, ReadOnlySpan<byte> input, uint outSize)
    {
        var pre = _engine.Queries.CheckSharedVolumeResource(resource);
        if (pre != Win32Error.Success)
        {
            return Fail(pre);
        }
        string? filter = null;
        if (!input.IsEmpty)
        {
            var e = Utf16Field.TryReadVariable(input, out var name);
            if (e != Win32Error.Success)
            {
                return Fail(e);
            }
            filter = name.Length == 0 ? null : name;
        }
        var (error, states) = _engine.Queries.GetSharedVolumeStates(resource, filter);
        return error != Win32Error.Success ? Fail(error) : Output(StateInfoExList(states!), outSize);
    }

    /// <summary>A value list of CLUSTER_SHARED_VOLUME_STATE_INFO_EX (1584 bytes each), the CSV notification payload too.</summary>
    public static byte[] StateInfoExList(IEnumerable<SharedVolumeNodeState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return SharedVolumeStateInfoExList.ToArray(states.Select(s =>
            new SharedVolumeStateInfoEx(s.VolumeName, s.NodeName, s.State, s.FriendlyName, s.RedirectedIOReason, s.BlockRedirectedIOReason)));
    }

    // MS-CMRP 3.1.4.3.1.42: CLUS_MAINTENANCE_MODE_INFO, or _EX when the buffer has room for it.
    [Service.ParityNote(ControlCodes.QueryMaintenanceMode, "CLUS_MAINTENANCE_MODE_INFO_EX when nOutBufferSize has room for it, else the 4-byte CLUS_MAINTENANCE_MODE_INFO.")]
    private ControlOutput QueryDiskMaintenance(string resource, uint outSize)
    {
        var (e, on) = _engine.Queries.GetDiskMaintenance(resource);
        if (e != Win32Error.Success)
        {
            return Fail(e);
        }
        if (outSize >= MaintenanceModeInfoEx.Size)
        {
            var state = _engine.Queries.FindResource(resource)!.State;
            var ex = new MaintenanceModeInfoEx(on, MaintenanceModeType.UnclusterResource, state);
            return Output(ex.ToArray(), outSize);
        }
        return Output(new MaintenanceModeInfo(on).ToArray(), outSize);
    }

    // MS-CMRP 3.1.4.3.1.43: input CLUS_MAINTENANCE_MODE_INFO (4 bytes) or _EX (16 bytes, with its signature).
    [Service.ParityNote(ControlCodes.SetMaintenanceMode, "Accepts CLUS_MAINTENANCE_MODE_INFO (4 bytes) or _EX (16 bytes, signature checked).")]
    private ControlOutput SetDiskMaintenance(string resource, ReadOnlySpan<byte> input)
    {
        bool on;
        if (input.Length >= MaintenanceModeInfoEx.Size)
        {
            var e = MaintenanceModeInfoEx.TryRead(input, out var ex);
            if (e != Win32Error.Success)
            {
                return Fail(e);
            }
            on = ex.InMaintenance;
        }
        else
        {
            var e = MaintenanceModeInfo.TryRead(input, out var info);
            if (e != Win32Error.Success)
            {
                return Fail(e);
            }
            on = info.InMaintenance;
        }
        return Result(_engine.Execute(new SetDiskMaintenance(resource, on)));
    }
}
