namespace Clusterd.ClusApi.Controls;

/// <summary>ApiResourceTypeControl (IS_CSV_FILE) and ApiClusterControl (GET_SHARED_VOLUME_ID).</summary>
public sealed partial class ControlDispatcher
{
    /// <summary>Runs a resource-type control code; the type name is checked before the code.</summary>
    [Service.ParityNote(ControlCodes.ResourceTypeStorageIsCsvFile, "Sent with ApiResourceTypeControl although its object byte is 0x01 (MS-CMRP 3.1.4.3.2.31 and clusapi.h agree on 0x01000229); accepted there only. Success (no output) for a path on a CSV, else ERROR_CLUSTER_NOT_SHARED_VOLUME.")]
    public ControlOutput ResourceTypeControl(string typeName, uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        var ctx = context ?? ControlContext.Default;
        if (_engine.FindResourceType(typeName) is not { } type)
        {
            return Fail(Win32Error.ClusterResourceTypeNotFound);
        }
        var code = new ControlCode(controlCode);
        if (controlCode == ControlCodes.ResourceTypeStorageIsCsvFile)
        {
            // The code carries object byte 0x01 although it is sent with ApiResourceTypeControl (MS-CMRP 3.1.4.3.2.31; docs/behaviour.md, "Where Microsoft's sources disagree").
            var common = CommonChecks(code, ControlObject.Resource, ctx);
            if (common != Win32Error.Success)
            {
                return Fail(common);
            }
            var e = Utf16Field.TryReadVariable(input, out var path);
            // MS-CMRP 3.1.4.3.2.31: on a CSV → success, no output; otherwise ERROR_CLUSTER_NOT_SHARED_VOLUME.
            return e != Win32Error.Success ? Fail(e) : Result(_engine.IsCsvFile(path));
        }
        return Generic(PropertyObject.ResourceType, type.Name, type.Name, controlCode, input, outSize, ctx);
    }

    /// <summary>Runs a cluster control code.</summary>
    [Service.ParityNote(ControlCodes.ClusterGetSharedVolumeId, "Output \"RESOURCE-ID:PARTITIONOFFSET\" (NUL-terminated), MS-CMRP 3.1.4.3.7.17.")]
    public ControlOutput ClusterControl(uint controlCode, ReadOnlySpan<byte> input, uint outSize, ControlContext? context = null)
    {
        var ctx = context ?? ControlContext.Default;
        var code = new ControlCode(controlCode);
        var common = CommonChecks(code, ControlObject.Cluster, ctx);
        if (common != Win32Error.Success)
        {
            return Fail(common);
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
                var (error, id) = _engine.GetSharedVolumeId(path);
                return error != Win32Error.Success ? Fail(error) : Output(StringBytes(id!), outSize);
            }
            default:
                return Generic(PropertyObject.Cluster, "", _engine.GetClusterInfo().Name, controlCode, input, outSize, ctx);
        }
    }
}
