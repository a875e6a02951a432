using Clusterd.Rpc.Ndr;

namespace Clusterd.Client;

/// <summary>
/// The request stubs of the methods the client calls, in MS-CMRP 3.0 NDR (C706 chapter 14): a
/// top-level <c>[in, string]</c> is a ref pointer with no referent id, a <c>[in, unique, size_is(n)]</c> buffer is a
/// referent id then max_count and the bytes, a context handle is 20 bytes. Public so tests can pin the bytes.
/// </summary>
public static class ClusApiRequests
{
    /// <summary>Opnum numbers of the methods this client calls (MS-CMRP 3.1.4.2).</summary>
    public static class Opnum
    {
        /// <summary>ApiOpenCluster.</summary>
        public const ushort OpenCluster = 0;
        /// <summary>ApiCloseCluster.</summary>
        public const ushort CloseCluster = 1;
        /// <summary>ApiGetClusterName.</summary>
        public const ushort GetClusterName = 3;
        /// <summary>ApiCreateEnum.</summary>
        public const ushort CreateEnum = 7;
        /// <summary>ApiOpenResource.</summary>
        public const ushort OpenResource = 8;
        /// <summary>ApiCloseResource.</summary>
        public const ushort CloseResource = 11;
        /// <summary>ApiGetResourceState.</summary>
        public const ushort GetResourceState = 12;
        /// <summary>ApiOnlineResource.</summary>
        public const ushort OnlineResource = 17;
        /// <summary>ApiOfflineResource.</summary>
        public const ushort OfflineResource = 18;
        /// <summary>ApiOpenGroup.</summary>
        public const ushort OpenGroup = 41;
        /// <summary>ApiCloseGroup.</summary>
        public const ushort CloseGroup = 44;
        /// <summary>ApiMoveGroupToNode.</summary>
        public const ushort MoveGroupToNode = 52;
        /// <summary>ApiOpenNode.</summary>
        public const ushort OpenNode = 66;
        /// <summary>ApiCloseNode.</summary>
        public const ushort CloseNode = 67;
        /// <summary>ApiNodeResourceControl.</summary>
        public const ushort NodeResourceControl = 72;
        /// <summary>ApiResourceControl.</summary>
        public const ushort ResourceControl = 73;
        /// <summary>ApiResourceTypeControl.</summary>
        public const ushort ResourceTypeControl = 75;
        /// <summary>ApiClusterControl.</summary>
        public const ushort ClusterControl = 106;
        /// <summary>ApiChangeCsvState.</summary>
        public const ushort ChangeCsvState = 123;
        /// <summary>ApiChangeCsvStateEx.</summary>
        public const ushort ChangeCsvStateEx = 182;
    }

    /// <summary>A method with no [in] parameters (ApiOpenCluster, ApiGetClusterName): an empty stub.</summary>
    public static byte[] Empty() => [];

    /// <summary>One context handle: the Close methods and the <c>H → ...</c> methods (state, online, offline).</summary>
    public static byte[] Handle(NdrContextHandle handle) => Build(w => w.WriteContextHandle(handle));

    /// <summary>One <c>[in, string]</c> name: the ApiOpenX methods.</summary>
    public static byte[] Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Build(w => w.WriteConformantVaryingString(name));
    }

    /// <summary>ApiCreateEnum: <c>u32 dwType</c>.</summary>
    public static byte[] CreateEnum(uint type) => Build(w => w.WriteUInt32(type));

    /// <summary>ApiMoveGroupToNode: <c>H group, H node</c>.</summary>
    public static byte[] MoveGroupToNode(NdrContextHandle group, NdrContextHandle node) => Build(w =>
    {
        w.WriteContextHandle(group);
        w.WriteContextHandle(node);
    });

    /// <summary>ApiResourceControl / ApiClusterControl: <c>H, u32 code, UB input, u32 nIn, u32 nOut</c>.</summary>
    public static byte[] Control(NdrContextHandle handle, uint code, ReadOnlySpan<byte> input, uint outSize)
    {
        var w = new NdrWriter(64 + input.Length);
        w.WriteContextHandle(handle);
        WriteControlTail(w, code, input, outSize);
        return w.ToArray();
    }

    /// <summary>ApiNodeResourceControl: <c>H resource, H node, u32 code, UB input, u32 nIn, u32 nOut</c>.</summary>
    public static byte[] NodeResourceControl(NdrContextHandle resource, NdrContextHandle node, uint code, ReadOnlySpan<byte> input, uint outSize)
    {
        var w = new NdrWriter(84 + input.Length);
        w.WriteContextHandle(resource);
        w.WriteContextHandle(node);
        WriteControlTail(w, code, input, outSize);
        return w.ToArray();
    }

    /// <summary>ApiResourceTypeControl: <c>H cluster, Sin typeName, u32 code, UB input, u32 nIn, u32 nOut</c>.</summary>
    public static byte[] ResourceTypeControl(NdrContextHandle cluster, string typeName, uint code, ReadOnlySpan<byte> input, uint outSize)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var w = new NdrWriter(96 + (2 * typeName.Length) + input.Length);
        w.WriteContextHandle(cluster);
        w.WriteConformantVaryingString(typeName);
        WriteControlTail(w, code, input, outSize);
        return w.ToArray();
    }

    /// <summary>ApiChangeCsvState: <c>H resource, u32 dwState</c>.</summary>
    public static byte[] ChangeCsvState(NdrContextHandle resource, uint state) => Build(w =>
    {
        w.WriteContextHandle(resource);
        w.WriteUInt32(state);
    });

    /// <summary>ApiChangeCsvStateEx: <c>H resource, u32 dwState, Sin volumeName</c>.</summary>
    public static byte[] ChangeCsvStateEx(NdrContextHandle resource, uint state, string volumeName)
    {
        ArgumentNullException.ThrowIfNull(volumeName);
        return Build(w =>
        {
            w.WriteContextHandle(resource);
            w.WriteUInt32(state);
            w.WriteConformantVaryingString(volumeName);
        });
    }

    // An empty input goes as a NULL pointer with nInBufferSize 0, as clusapi.dll and Samba send it.
    private static void WriteControlTail(NdrWriter w, uint code, ReadOnlySpan<byte> input, uint outSize)
    {
        w.WriteUInt32(code);
        if (w.WriteReferentId(!input.IsEmpty))
        {
            w.WriteConformantByteArray(input);
        }
        w.WriteUInt32(checked((uint)input.Length));
        w.WriteUInt32(outSize);
    }

    private static byte[] Build(Action<NdrWriter> write)
    {
        var w = new NdrWriter(64);
        write(w);
        return w.ToArray();
    }
}
