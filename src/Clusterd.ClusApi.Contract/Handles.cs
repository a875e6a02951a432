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

/// <summary>An HCLUSTER_RPC context handle (MS-CMRP 2.2.1.1).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct ClusterHandle(NdrContextHandle Value) : IClusApiHandle<ClusterHandle>
{
    /// <summary>The NULL handle.</summary>
    public static ClusterHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static ClusterHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HNODE_RPC context handle (MS-CMRP 2.2.1.2).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct NodeHandle(NdrContextHandle Value) : IClusApiHandle<NodeHandle>
{
    /// <summary>The NULL handle.</summary>
    public static NodeHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static NodeHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HGROUP_RPC context handle (MS-CMRP 2.2.1.3).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct GroupHandle(NdrContextHandle Value) : IClusApiHandle<GroupHandle>
{
    /// <summary>The NULL handle.</summary>
    public static GroupHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static GroupHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HRES_RPC context handle (MS-CMRP 2.2.1.4).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct ResourceHandle(NdrContextHandle Value) : IClusApiHandle<ResourceHandle>
{
    /// <summary>The NULL handle.</summary>
    public static ResourceHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static ResourceHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HKEY_RPC context handle (MS-CMRP 2.2.1.5).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct KeyHandle(NdrContextHandle Value) : IClusApiHandle<KeyHandle>
{
    /// <summary>The NULL handle.</summary>
    public static KeyHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static KeyHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HNOTIFY_RPC context handle (MS-CMRP 2.2.1.6).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct NotifyHandle(NdrContextHandle Value) : IClusApiHandle<NotifyHandle>
{
    /// <summary>The NULL handle.</summary>
    public static NotifyHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static NotifyHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HNETWORK_RPC context handle (MS-CMRP 2.2.1.7).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct NetworkHandle(NdrContextHandle Value) : IClusApiHandle<NetworkHandle>
{
    /// <summary>The NULL handle.</summary>
    public static NetworkHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static NetworkHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HNETINTERFACE_RPC context handle (MS-CMRP 2.2.1.8).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct NetInterfaceHandle(NdrContextHandle Value) : IClusApiHandle<NetInterfaceHandle>
{
    /// <summary>The NULL handle.</summary>
    public static NetInterfaceHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static NetInterfaceHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HBATCH_PORT_RPC context handle (MS-CMRP 2.2.1.9).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct BatchPortHandle(NdrContextHandle Value) : IClusApiHandle<BatchPortHandle>
{
    /// <summary>The NULL handle.</summary>
    public static BatchPortHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static BatchPortHandle FromValue(NdrContextHandle value) => new(value);
}

/// <summary>An HGROUPSET_RPC context handle (MS-CMRP 2.2.1.11).</summary>
/// <param name="Value">The 20-byte NDR context handle.</param>
public readonly record struct GroupSetHandle(NdrContextHandle Value) : IClusApiHandle<GroupSetHandle>
{
    /// <summary>The NULL handle.</summary>
    public static GroupSetHandle Null => default;

    /// <inheritdoc />
    public bool IsNull => Value.IsNull;

    /// <inheritdoc />
    public static GroupSetHandle FromValue(NdrContextHandle value) => new(value);
}
