namespace Clusterd.ClusApi;

/// <summary>CLUSTER_CONTROL_OBJECT: the object byte (bits 31-24) of a control code (clusapi.h).</summary>
public enum ControlObject : byte
{
    /// <summary>Not a valid object type (a bare CLCTL_* operation code).</summary>
    None = 0,
    /// <summary>CLUS_OBJECT_RESOURCE.</summary>
    Resource = 0x01,
    /// <summary>CLUS_OBJECT_RESOURCE_TYPE.</summary>
    ResourceType = 0x02,
    /// <summary>CLUS_OBJECT_GROUP.</summary>
    Group = 0x03,
    /// <summary>CLUS_OBJECT_NODE.</summary>
    Node = 0x04,
    /// <summary>CLUS_OBJECT_NETWORK.</summary>
    Network = 0x05,
    /// <summary>CLUS_OBJECT_NETINTERFACE.</summary>
    NetInterface = 0x06,
    /// <summary>CLUS_OBJECT_CLUSTER.</summary>
    Cluster = 0x07,
    /// <summary>CLUS_OBJECT_GROUPSET.</summary>
    GroupSet = 0x08,
    /// <summary>CLUS_OBJECT_AFFINITYRULE.</summary>
    AffinityRule = 0x09,
    /// <summary>CLUS_OBJECT_USER.</summary>
    User = 0x80,
}

/// <summary>CLUSCTL access code: bits 1-0 of a control code (clusapi.h).</summary>
public enum ControlAccess : byte
{
    /// <summary>CLUS_ACCESS_ANY.</summary>
    Any = 0,
    /// <summary>CLUS_ACCESS_READ.</summary>
    Read = 1,
    /// <summary>CLUS_ACCESS_WRITE.</summary>
    Write = 2,
}
