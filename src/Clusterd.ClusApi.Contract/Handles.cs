using Clusterd.Rpc.Ndr;

namespace Clusterd.ClusApi.Contract;

/// <summary>A typed MS-CMRP context handle (MS-CMRP 2.2.1): 20 bytes on the wire (C706 14.3.11).</summary>
/// <typeparam name="TSelf">The handle type.</typeparam>
public interface IClusApiHandle<TSelf> where TSelf : struct, IClusApiHandle<TSelf>
{
    /// <summary>The NDR context handle.</summary>
    NdrContextHandle Value { get; }

    /// <summary>True for the NULL handle (a failed open, a closed handle).</summary>
    bool IsNull { get; }

    /// <summary>Wraps an NDR context handle.</summary>
    static abstract TSelf FromValue(NdrContextHandle value);
}

// The typed context handles, one declaration each: Clusterd.ClusApi.Contract.Generator writes their Null, IsNull and
// FromValue.

/// <summary>An HCLUSTER_RPC context handle (MS-CMRP 2.2.1.1).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct ClusterHandle(NdrContextHandle Value) : IClusApiHandle<ClusterHandle>;

/// <summary>An HNODE_RPC context handle (MS-CMRP 2.2.1.2).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct NodeHandle(NdrContextHandle Value) : IClusApiHandle<NodeHandle>;

/// <summary>An HGROUP_RPC context handle (MS-CMRP 2.2.1.3).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct GroupHandle(NdrContextHandle Value) : IClusApiHandle<GroupHandle>;

/// <summary>An HRES_RPC context handle (MS-CMRP 2.2.1.4).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct ResourceHandle(NdrContextHandle Value) : IClusApiHandle<ResourceHandle>;

/// <summary>An HKEY_RPC context handle (MS-CMRP 2.2.1.5).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct KeyHandle(NdrContextHandle Value) : IClusApiHandle<KeyHandle>;

/// <summary>An HNOTIFY_RPC context handle (MS-CMRP 2.2.1.6).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct NotifyHandle(NdrContextHandle Value) : IClusApiHandle<NotifyHandle>;

/// <summary>An HNETWORK_RPC context handle (MS-CMRP 2.2.1.7).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct NetworkHandle(NdrContextHandle Value) : IClusApiHandle<NetworkHandle>;

/// <summary>An HNETINTERFACE_RPC context handle (MS-CMRP 2.2.1.8).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct NetInterfaceHandle(NdrContextHandle Value) : IClusApiHandle<NetInterfaceHandle>;

/// <summary>An HBATCH_PORT_RPC context handle (MS-CMRP 2.2.1.9).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct BatchPortHandle(NdrContextHandle Value) : IClusApiHandle<BatchPortHandle>;

/// <summary>An HGROUPSET_RPC context handle (MS-CMRP 2.2.1.11).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly partial record struct GroupSetHandle(NdrContextHandle Value) : IClusApiHandle<GroupSetHandle>;
