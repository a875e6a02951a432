using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc;
using Clusterd.Rpc.Ndr;
using Clusterd.Rpc.Pdu;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The read side of the cluster registry methods (MS-CMRP 3.1.4.2.29-41) over the cluster database. A key handle
/// holds the key's path; a key deleted meanwhile answers ERROR_FILE_NOT_FOUND (2) as the Windows registry does.
/// </summary>
internal static class RegistryMethods
{
    /// <summary>Largest lpcbData honoured by QueryValue: the answer carries exactly that many bytes.</summary>
    private const uint MaxValueBuffer = 4 * 1024 * 1024;

    private const ClusApiObjectKind Kind = ClusApiObjectKind.Key;

    /// <summary>ApiGetRootKey (opnum 28): <c>u32 samDesired → Status, rpc_status, handle</c> to the database root.</summary>
    public static OpenResponse<KeyHandle> GetRootKey(ClusApiCall c, GetRootKeyRequest r)
    {
        var e = c.CheckRead();
        var handle = NdrContextHandle.Null;
        var access = KeyAccess(r.DesiredAccess);
        if (e == Win32Error.Success)
        {
            // The caller's level on the cluster bounds the key handle (MS-CMRP 3.1.4): none, or write access asked by a
            // "Read" caller without MAXIMUM_ALLOWED, is ERROR_ACCESS_DENIED; MAXIMUM_ALLOWED gets the caller's level.
            if (c.CallerLevel == ClusterAccessLevel.None
                || (access == ClusApiAccess.All && c.CallerLevel != ClusterAccessLevel.All && (r.DesiredAccess & AccessMask.MaximumAllowed) == 0))
            {
                e = Win32Error.AccessDenied;
            }
            else
            {
                handle = c.Open(Kind, "", c.CallerLevel == ClusterAccessLevel.All ? access : ClusApiAccess.Read);
            }
        }
        return new(e, new KeyHandle(handle));
    }

    /// <summary>ApiOpenKey (opnum 30): <c>H key, Sin subKey, u32 samDesired → Status, rpc_status, handle</c>.</summary>
    public static OpenResponse<KeyHandle> OpenKey(ClusApiCall c, OpenKeyRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var parent);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        var handle = NdrContextHandle.Null;
        if (e == Win32Error.Success)
        {
            var path = c.Engine.Queries.FindRegistryKey(parent.Id, r.SubKey);
            if (path is null)
            {
                e = Win32Error.FileNotFound;
            }
            else
            {
                var access = KeyAccess(r.DesiredAccess);
                handle = c.Open(Kind, path, parent.Access == ClusApiAccess.All ? c.Grant(access) : ClusApiAccess.Read);
            }
        }
        return new(e, new KeyHandle(handle));
    }

    // KEY_WRITE bits (KEY_SET_VALUE 2, KEY_CREATE_SUB_KEY 4), GENERIC_WRITE/ALL or MAXIMUM_ALLOWED ask for "All".
    internal static ClusApiAccess KeyAccess(uint sam) =>
        (sam & (0x2u | 0x4u | 0x00010000u | 0x40000000u | AccessMask.GenericAll | AccessMask.MaximumAllowed)) != 0 ? ClusApiAccess.All : ClusApiAccess.Read;

    /// <summary>ApiCloseKey (opnum 37).</summary>
    public static CloseResponse<KeyHandle> CloseKey(ClusApiCall c, CloseKeyRequest r) => c.Close(r.Key, Kind);

    /// <summary>
    /// ApiEnumKey (opnum 31): <c>H, u32 index → Sout KeyName, FILETIME LastWriteTime, rpc_status, result</c>; an index
    /// past the last subkey is ERROR_NO_MORE_ITEMS.
    /// </summary>
    public static EnumKeyResponse EnumKey(ClusApiCall c, EnumKeyRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        var index = r.Index;
        (Win32Error, string?, DateTimeOffset) answer = (e, null, default);
        if (e == Win32Error.Success)
        {
            var key = c.Engine.Queries.GetRegistryKey(h.Id);
            if (key is null)
            {
                answer = (Win32Error.FileNotFound, null, default);
            }
            else if (index >= key.Subkeys.Count)
            {
                answer = (Win32Error.NoMoreItems, null, default);
            }
            else
            {
                var sub = key.Subkeys[(int)index];
                answer = (Win32Error.Success, sub.Name, sub.LastWriteTime);
            }
        }
        return new(answer.Item2, answer.Item3, answer.Item1);
    }

    /// <summary>
    /// ApiQueryValue (opnum 34): <c>H, Sin name, u32 cbData → u32 type, UCHAR[cbData] (always exactly cbData bytes),
    /// u32 cbRequired, rpc_status, result</c>. A buffer smaller than the data: ERROR_MORE_DATA with cbRequired.
    /// </summary>
    public static QueryValueResponse QueryValue(ClusApiCall c, QueryValueRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        var name = r.ValueName;
        var cbData = r.DataSize;
        if (cbData > MaxValueBuffer)
        {
            throw new RpcFaultException(RpcStatus.RemoteNoMemory);
        }
        StoredValue? value = null;
        if (e == Win32Error.Success)
        {
            value = c.Engine.Queries.GetRegistryValue(h.Id, name);
            e = value is null ? Win32Error.FileNotFound : value.Data.Length > cbData ? Win32Error.MoreData : Win32Error.Success;
        }
        var buffer = new byte[cbData];
        if (e == Win32Error.Success)
        {
            value!.Data.CopyTo(buffer);
        }
        return new(value is null ? 0 : (uint)value.Type, buffer, value is null ? 0 : (uint)value.Data.Length, e);
    }

    /// <summary>
    /// ApiEnumValue (opnum 36): <c>H, u32 index, [in,out] u32 cbData → Sout name, u32 type, UCHAR[*cbData], u32
    /// cbData, u32 TotalSize, rpc_status, result</c>. The out array has exactly the out cbData bytes (the data
    /// length, or 0 with ERROR_MORE_DATA when it does not fit); past the last value: ERROR_NO_MORE_ITEMS.
    /// </summary>
    public static EnumValueResponse EnumValue(ClusApiCall c, EnumValueRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        var index = r.Index;
        var cbIn = r.DataSize;
        string? name = null;
        StoredValue? value = null;
        if (e == Win32Error.Success)
        {
            var key = c.Engine.Queries.GetRegistryKey(h.Id);
            if (key is null)
            {
                e = Win32Error.FileNotFound;
            }
            else if (index >= key.ValueNames.Count)
            {
                e = Win32Error.NoMoreItems;
            }
            else
            {
                name = key.ValueNames[(int)index];
                value = c.Engine.Queries.GetRegistryValue(h.Id, name)!; // the same read: the caller holds the engine lock
            }
        }
        if (e == Win32Error.Success && value!.Data.Length > cbIn)
        {
            e = Win32Error.MoreData;
        }
        var data = e == Win32Error.Success ? value!.Data.ToArray() : [];
        return new(name, value is null ? 0 : (uint)value.Type, data, value is null ? 0 : (uint)value.Data.Length, e);
    }

    /// <summary>
    /// ApiQueryInfoKey (opnum 38): <c>H → u32 SubKeys, MaxSubKeyLen, Values, MaxValueNameLen, MaxValueLen,
    /// cbSecurityDescriptor, FILETIME, rpc_status, result</c>; lengths in characters without the NUL, MaxValueLen in bytes.
    /// </summary>
    public static QueryInfoKeyResponse QueryInfoKey(ClusApiCall c, QueryInfoKeyRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        var info = e == Win32Error.Success
            ? c.Engine.Queries.GetRegistryKey(h.Id) is { } k
                ? ((uint)k.Subkeys.Count, (uint)k.Subkeys.Select(s => s.Name.Length).DefaultIfEmpty(0).Max(), (uint)k.ValueNames.Count,
                   (uint)k.ValueNames.Select(n => n.Length).DefaultIfEmpty(0).Max(), (uint)k.MaxValueDataLength, k.LastWriteTime)
                : ((uint, uint, uint, uint, uint, DateTimeOffset)?)null
            : null;
        if (e == Win32Error.Success && info is null)
        {
            e = Win32Error.FileNotFound;
        }
        var (subKeys, maxSubKeyLen, values, maxNameLen, maxValueLen, time) = info ?? default;
        return new(subKeys, maxSubKeyLen, values, maxNameLen, maxValueLen, info is null ? 0 : (uint)KeySecurity.Descriptor(7).Length, time, e);
    }

    /// <summary>
    /// ApiGetKeySecurity (opnum 40): <c>H, u32 SecurityInformation, [in,out] RPC_SECURITY_DESCRIPTOR → the same,
    /// rpc_status, result</c>. The self-relative descriptor of the requested parts; a buffer (cbInSecurityDescriptor)
    /// too small: ERROR_INSUFFICIENT_BUFFER with cbInSecurityDescriptor = the size needed (MS-CMRP 3.1.4.2.41).
    /// </summary>
    public static GetKeySecurityResponse GetKeySecurity(ClusApiCall c, GetKeySecurityRequest r)
    {
        var e = c.Resolve(r.Key, Kind, out var h);
        var cbIn = r.Descriptor.InSize;
        if (e == Win32Error.Success && c.Engine.Queries.GetRegistryKey(h.Id) is null)
        {
            e = Win32Error.FileNotFound;
        }
        byte[] sd = [];
        if (e == Win32Error.Success)
        {
            sd = KeySecurity.Descriptor(r.SecurityInformation);
            if (sd.Length > cbIn)
            {
                e = Win32Error.InsufficientBuffer;
                cbIn = (uint)sd.Length;
            }
        }
        // [size_is(cbIn), length_is(cbOut)]: max_count is the client's u32 cbInSecurityDescriptor as it came, which
        // may exceed int.MaxValue (a fuzz finding: the int conversion threw OverflowException); sd.Length <= cbIn here.
        var ok = e == Win32Error.Success;
        return new(new RpcSecurityDescriptor(ok ? (ReadOnlyMemory<byte>?)sd : null, cbIn, ok ? (uint)sd.Length : 0), e);
    }
}
