namespace Clusterd.ClusApi.Controls;

/// <summary>ApiResourceTypeControl (IS_CSV_FILE) and ApiClusterControl (GET_SHARED_VOLUME_ID).</summary>
public sealed partial class ControlDispatcher
{
    /// <summary>Runs a resource-type control code; the type name is checked before the code.</summary>
    [Service.ParityNote(ControlCodes.ResourceTypeStorageIsCsvFile, "Sent with ApiResourceTypeControl although its object byte is 0x01 (MS-CMRP 3.1.4.3.2.31 and clusapi.h agree on 0x01000229); accepted there only. Success (no output) for a path on a CSV, else ERROR_CLUSTER_NOT_SHARED_VOLUME.")]
    public ControlOutput ResourceTypeControl(string typeName, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var type = _engine.Queries.FindResourceType(typeName);
        // IS_CSV_FILE carries object byte 0x01 although it is sent with ApiResourceTypeControl (MS-CMRP 3.1.4.3.2.31; docs/behaviour.md, "Where Microsoft's sources disagree").
        var isCsvFile = controlCode == ControlCodes.ResourceTypeStorageIsCsvFile;
        var admitted = Admit(controlCode, isCsvFile ? ControlObject.Resource : ControlObject.ResourceType, ctx,
            type is null ? Win32Error.ClusterResourceTypeNotFound : Win32Error.Success);
        if (admitted != Win32Error.Success)
        {
            return Fail(admitted);
        }
        if (isCsvFile)
        {
            var e = Utf16Field.TryReadVariable(input, out var path);
            // MS-CMRP 3.1.4.3.2.31: on a CSV → success, no output; otherwise ERROR_CLUSTER_NOT_SHARED_VOLUME.
            return e != Win32Error.Success ? Fail(e) : Result(_engine.Queries.IsCsvFile(path));
        }
        return Generic(PropertyObject.ResourceType, type!.Name, type.Name, controlCode, input, outSize, ctx);
    }

    /// <summary>Runs a cluster control code.</summary>
    [Service.ParityNote(ControlCodes.ClusterGetSharedVolumeId, "Output \"RESOURCE-ID:PARTITIONOFFSET\" (NUL-terminated), MS-CMRP 3.1.4.3.7.17.")]
    public ControlOutput ClusterControl(uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        using var command = _engine.EnterCommand();
        var ctx = context ?? ControlContext.Default;
        var admitted = Admit(controlCode, ControlObject.Cluster, ctx);
        if (admitted != Win32Error.Success)
        {
            return Fail(admitted);
        }
        switch (controlCode)
        {
            case ControlCodes.ClusterGetSharedVolumeId:
            {
                var e = Utf16Field.TryReadVariable(input, out var path);
                if (e != Win32Error.Success)
                {
                    return Fail(e);
                }
                // MS-CMRP 3.1.4.3.7.17: "RESOURCE-ID:PARTITIONOFFSET", NUL-terminated; ERROR_MORE_DATA when too small.
                var (error, id) = _engine.Queries.GetSharedVolumeId(path);
                return error != Win32Error.Success ? Fail(error) : Output(StringBytes(id!), outSize);
            }
            default:
                return Generic(PropertyObject.Cluster, "", _engine.Queries.GetClusterInfo().Name, controlCode, input, outSize, ctx);
        }
    }
}
