using Clusterd.ClusApi.Contract;
using Clusterd.Cluster.Engine;
using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// A kind of object that opens by name (ApiOpenX, ApiOpenXEx): its handle type, how a name (never empty) resolves to
/// its ID, and the error for a name that does not.
/// </summary>
internal sealed class OpenableKind<T>(ClusApiObjectKind kind, Func<ICluster, string, string?> find, Win32Error notFound)
    where T : struct, IClusApiHandle<T>
{
    /// <summary>ApiOpenX.</summary>
    public OpenResponse<T> Open(ClusApiCall c, string name) => OpenMethods.Open<T>(c, name, kind, ResolveId, notFound);

    /// <summary>ApiOpenXEx.</summary>
    public OpenExResponse<T> OpenEx(ClusApiCall c, string name, uint desiredAccess) =>
        OpenMethods.OpenEx<T>(c, name, desiredAccess, kind, ResolveId, notFound);

    private string? ResolveId(ICluster e, string name) => name.Length == 0 ? null : find(e, name);
}

/// <summary>The shapes many MS-CMRP methods share (MS-CMRP 3.1.4.2): open an object by name, a string or state answer, an action.</summary>
internal static class OpenMethods
{
    /// <summary>
    /// ApiOpenX: <c>Sin name → Status, rpc_status, handle</c>. An unknown name gives <paramref name="notFound"/> with
    /// rpc_status 0 and a NULL handle (smbtorture rpc.clusapi OpenResource).
    /// </summary>
    public static OpenResponse<T> Open<T>(ClusApiCall c, string name, ClusApiObjectKind kind, Func<ICluster, string, string?> resolveId,
        Win32Error notFound) where T : struct, IClusApiHandle<T>
    {
        var (status, handle, _) = OpenCore(c, name, ex: false, 0, kind, resolveId, notFound);
        return new(status, T.FromValue(handle));
    }

    /// <summary>ApiOpenXEx: <c>Sin name, u32 dwDesiredAccess → u32 granted, Status, rpc_status, handle</c> (granted 0 on failure).</summary>
    public static OpenExResponse<T> OpenEx<T>(ClusApiCall c, string name, uint desiredAccess, ClusApiObjectKind kind,
        Func<ICluster, string, string?> resolveId, Win32Error notFound) where T : struct, IClusApiHandle<T>
    {
        var (status, handle, granted) = OpenCore(c, name, ex: true, desiredAccess, kind, resolveId, notFound);
        return new(status == Win32Error.Success ? granted : 0, status, T.FromValue(handle));
    }

    private static (Win32Error Status, NdrContextHandle Handle, uint Granted) OpenCore(ClusApiCall c, string name, bool ex, uint desired,
        ClusApiObjectKind kind, Func<ICluster, string, string?> resolveId, Win32Error notFound)
    {
        var status = c.CheckRead();
        var access = ClusApiAccess.Read;
        uint granted = 0;
        if (status == Win32Error.Success && ex)
        {
            status = AccessMask.Grant(desired, c.CallerLevel, out access, out granted);
        }
        else if (status == Win32Error.Success)
        {
            // MS-CMRP 3.1.4: the server determines the level; a caller the cluster security descriptor grants nothing
            // gets ERROR_ACCESS_DENIED and a NULL handle.
            status = c.CallerLevel == ClusterAccessLevel.None ? Win32Error.AccessDenied : Win32Error.Success;
            access = c.CallerAccess;
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
        return (status, handle, granted);
    }

    /// <summary>
    /// Resolves <paramref name="handle"/>, checks that the caller may read, and finds the object it refers to:
    /// <paramref name="notFound"/> when the object is gone. <paramref name="found"/> is null unless the answer is Success.
    /// </summary>
    public static Win32Error ReadObject<T, TObject>(ClusApiCall c, T handle, ClusApiObjectKind kind, Func<ICluster, string, TObject?> find,
        Win32Error notFound, out TObject? found) where T : struct, IClusApiHandle<T> where TObject : class
    {
        var e = c.Resolve(handle, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        found = e == Win32Error.Success ? find(c.Engine, h.Id) : null;
        return e == Win32Error.Success && found is null ? notFound : e;
    }

    /// <summary><c>H → Sout, rpc_status, result</c> for a string answer about the object.</summary>
    public static StringResponse StringAnswer<T>(ClusApiCall c, T handle, ClusApiObjectKind kind, Func<ClusApiHandle, (Win32Error, string?)> answer)
        where T : struct, IClusApiHandle<T>
    {
        var e = c.Resolve(handle, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckRead();
        }
        string? value = null;
        if (e == Win32Error.Success)
        {
            (e, value) = answer(h);
        }
        return new(e == Win32Error.Success ? value : null, e);
    }

    /// <summary><c>H → rpc_status, result</c> for a method that changes the object.</summary>
    public static ResultResponse WriteAction<T>(ClusApiCall c, T handle, ClusApiObjectKind kind, Func<ClusApiHandle, Win32Error> action)
        where T : struct, IClusApiHandle<T>
    {
        var e = c.Resolve(handle, kind, out var h);
        if (e == Win32Error.Success)
        {
            e = c.CheckWrite(h);
        }
        if (e == Win32Error.Success)
        {
            e = action(h);
        }
        return new(e);
    }

    /// <summary><c>H → u32 State, rpc_status, result</c> (nodes, networks, interfaces); the unknown state (-1) on failure.</summary>
    public static StateResponse StateAnswer<T>(ClusApiCall c, T handle, ClusApiObjectKind kind, Func<ClusApiHandle, int?> state, Win32Error notFound)
        where T : struct, IClusApiHandle<T>
    {
        var e = c.Resolve(handle, kind, out var h);
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
        return new(s, e);
    }
}
