using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>The shared shape of ApiOpenX / ApiOpenXEx (MS-CMRP 3.1.4.2): open an object by name.</summary>
internal static class OpenMethods
{
    /// <summary>
    /// ApiOpenX: <c>Sin name → Status, rpc_status, handle</c>; ApiOpenXEx: <c>Sin name, u32 dwDesiredAccess → u32
    /// granted, Status, rpc_status, handle</c>. An unknown name gives <paramref name="notFound"/> with rpc_status 0
    /// and a NULL handle (smbtorture rpc.clusapi OpenResource).
    /// </summary>
    public static void Open(ClusApiCall c, ClusApiObjectKind kind, bool ex, Func<ClusterEngine, string, string?> resolveId, Win32Error notFound)
    {
        var name = c.Reader.ReadConformantVaryingString();
        var desired = ex ? c.Reader.ReadUInt32() : 0;
        var status = c.CheckRead();
        var access = ClusApiCall.DefaultAccess;
        uint granted = 0;
        if (status == Win32Error.Success && ex)
        {
            status = AccessMask.Grant(desired, out access, out granted);
        }
        var handle = NdrContextHandle.Null;
        if (status == Win32Error.Success)
        {
            if (resolveId(c.Engine, name) is { } id)
            {
                handle = c.Open(kind, id, access);
            }
            else
            {
                status = notFound;
            }
        }
        if (ex)
        {
            c.Writer.WriteUInt32(status == Win32Error.Success ? granted : 0);
        }
        c.Writer.WriteUInt32((uint)status);
        c.Writer.WriteUInt32(0); // rpc_status
        c.Writer.WriteContextHandle(handle);
    }

    /// <summary>Reads a handle of <paramref name="kind"/>; false (after writing nothing) when it is not valid.</summary>
    public static Win32Error ReadHandle(ClusApiCall c, ClusApiObjectKind kind, out ClusApiHandle handle) =>
        c.Resolve(c.Reader.ReadContextHandle(), kind, out handle);

    /// <summary><c>H → Sout, rpc_status, result</c> for a string answer about the object.</summary>
    public static void StringAnswer(ClusApiCall c, ClusApiObjectKind kind, Func<ClusApiHandle, (Win32Error, string?)> answer)
    {
        var e = ReadHandle(c, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        string? value = null;
        if (e == Win32Error.Success)
        {
            (e, value) = answer(h);
        }
        ClusApiNdr.WriteOutString(c.Writer, e == Win32Error.Success ? value : null);
        c.WriteResult(e);
    }

    /// <summary><c>H → rpc_status, result</c> for a method that changes the object.</summary>
    public static void WriteAction(ClusApiCall c, ClusApiObjectKind kind, Func<ClusApiHandle, Win32Error> action)
    {
        var e = ReadHandle(c, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success)
        {
            e = action(h);
        }
        c.WriteResult(e);
    }

    /// <summary><c>H → u32 State, rpc_status, result</c> (nodes, networks, interfaces); the unknown state (-1) on failure.</summary>
    public static void StateAnswer(ClusApiCall c, ClusApiObjectKind kind, Func<ClusApiHandle, int?> state, Win32Error notFound)
    {
        var e = ReadHandle(c, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        var s = -1;
        if (e == Win32Error.Success)
        {
            if (state(h) is { } v)
            {
                s = v;
            }
            else
            {
                e = notFound;
            }
        }
        c.Writer.WriteInt32(s);
        c.WriteResult(e);
    }
}
