namespace Clusterd.ClusApi;

/// <summary>
/// A bare value list (docs/behaviour.md, "Value lists without a header") of CLUSTER_SHARED_VOLUME_STATE_INFO_EX entries, one CLUSPROP_SYNTAX_LIST_VALUE_BINARY
/// per (volume, node): the payload of CLUSTER_CHANGE_SHARED_VOLUME_STATE_V2 notifications (MS-CMRP 3.1.4.2.138) and
/// the output of CLUSCTL_RESOURCE_STORAGE_GET_SHARED_VOLUME_STATES (docs/behaviour.md, "MSCS-only codes"). Entries are written in the 1584-byte
/// C layout and read in either layout (docs/behaviour.md, "STATE_INFO_EX size").
/// </summary>
public static class SharedVolumeStateInfoExList
{
    /// <summary>The list as a new array: N entries take (8 + 1584)·N + 4 bytes.</summary>
    /// <exception cref="ArgumentException">A name does not fit its field.</exception>
    public static byte[] ToArray(IEnumerable<SharedVolumeStateInfoEx> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var list = new ValueListWriter();
        foreach (var s in states)
        {
            s.WriteTo(list.AddUninitialized(ClusPropSyntax.ListValueBinary, SharedVolumeStateInfoEx.Size));
        }
        return list.ToArray();
    }

    /// <summary>
    /// Parses the list: every entry LIST_VALUE_BINARY holding a valid STATE_INFO_EX of 1580 or 1584 bytes, then the end
    /// mark (the value-list rules of <see cref="ValueListReader"/> apply).
    /// </summary>
    /// <returns><see cref="Win32Error.Success"/> or <see cref="Win32Error.InvalidParameter"/>.</returns>
    public static Win32Error TryRead(ReadOnlySpan<byte> buffer, out IReadOnlyList<SharedVolumeStateInfoEx> states)
    {
        states = [];
        var result = new List<SharedVolumeStateInfoEx>();
        var reader = new ValueListReader(buffer);
        while (true)
        {
            var error = reader.TryReadNext(out var syntax, out var data);
            if (error == Win32Error.NoMoreItems)
            {
                break;
            }
            if (error != Win32Error.Success)
            {
                return error;
            }
            if (syntax != ClusPropSyntax.ListValueBinary || SharedVolumeStateInfoEx.TryRead(data, out var state) != Win32Error.Success)
            {
                return Win32Error.InvalidParameter;
            }
            result.Add(state);
        }
        states = result;
        return Win32Error.Success;
    }
}
