using Clusterd.ClusApi;

namespace Clusterd.Client;

/// <summary>A PROPERTY_LIST (MS-CMRP 2.2.3.10) as <see cref="ClusterParameter"/>s.</summary>
internal static class Parameters
{
    public static IEnumerable<ClusterParameter> Read(string objectName, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }
        var e = PropertyListReader.TryRead(bytes, out var list);
        if (e != Win32Error.Success)
        {
            throw new ClusterException(Win32Error.RpcProtocolError, $"the property list of '{objectName}' does not parse");
        }
        return list.Select(p => Convert(objectName, p)).ToList();
    }

    private static ClusterParameter Convert(string objectName, ClusProperty p)
    {
        var v = p.Value;
        return v.Format switch
        {
            ClusPropFormat.DWord when v.TryGetDword(out var d) == Win32Error.Success => new(objectName, p.Name, d, "UInt32"),
            ClusPropFormat.Long when v.TryGetLong(out var l) == Win32Error.Success => new(objectName, p.Name, l, "Int32"),
            ClusPropFormat.Word when v.TryGetWord(out var w) == Win32Error.Success => new(objectName, p.Name, (uint)w, "UInt16"),
            ClusPropFormat.ULargeInteger when v.TryGetULargeInteger(out var u) == Win32Error.Success => new(objectName, p.Name, u, "UInt64"),
            ClusPropFormat.LargeInteger when v.TryGetLargeInteger(out var i) == Win32Error.Success => new(objectName, p.Name, i, "Int64"),
            ClusPropFormat.Sz when v.TryGetString(out var sz) == Win32Error.Success => new(objectName, p.Name, sz, "String"),
            ClusPropFormat.ExpandSz or ClusPropFormat.ExpandedSz when v.TryGetString(out var x) == Win32Error.Success => new(objectName, p.Name, x, "ExpandString"),
            ClusPropFormat.MultiSz when v.TryGetMultiString(out var m) == Win32Error.Success => new(objectName, p.Name, m.ToArray(), "MultiString"),
            ClusPropFormat.FileTime when v.TryGetFileTime(out var ft) == Win32Error.Success =>
                new(objectName, p.Name, DateTimeOffset.FromFileTime(ft).ToUniversalTime(), "DateTime"),
            _ when v.TryGetBinary(out var b) == Win32Error.Success => new(objectName, p.Name, b.ToArray(), "ByteArray"),
            _ => new(objectName, p.Name, v.Data.ToArray(), "ByteArray"),
        };
    }
}
