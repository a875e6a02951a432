using Clusterd.Rpc.Pdu;

namespace Clusterd.ClusApi.Contract;

/// <summary>The clusapi interface: UUID b97db8b2-4c63-11cf-bff6-08002be23f2f, version 3.0 (MS-CMRP 1.9, 2.1).</summary>
public static class ClusApiInterface
{
    /// <summary>The interface UUID.</summary>
    public static readonly Guid Uuid = new("b97db8b2-4c63-11cf-bff6-08002be23f2f");

    /// <summary>Interface major version (ClusAPI protocol 3.0).</summary>
    public const ushort MajorVersion = 3;

    /// <summary>Interface minor version.</summary>
    public const ushort MinorVersion = 0;

    /// <summary>The abstract syntax a client binds to.</summary>
    public static readonly SyntaxId Syntax = SyntaxId.ForInterface(Uuid, MajorVersion, MinorVersion);
}
