using System.Buffers.Binary;

namespace Clusterd.ClusApi.Security;

/// <summary>The access rights of a cluster security descriptor's ACEs (clusapi.h; MS-CMRP 3.1.1.3).</summary>
public static class ClusterAccessRights
{
    /// <summary>CLUSAPI_READ_ACCESS: the "Read" level.</summary>
    public const uint Read = 0x1;

    /// <summary>CLUSAPI_CHANGE_ACCESS: with Read, the "All" level.</summary>
    public const uint Change = 0x2;

    /// <summary>CLUSAPI_NO_ACCESS: in a deny entry, denies everything.</summary>
    public const uint NoAccess = 0x4;

    /// <summary>CLUSAPI_ALL_ACCESS (Read | Change): the "All" level, "Full" in Get-ClusterAccess.</summary>
    public const uint All = Read | Change;

    /// <summary>GENERIC_READ (MS-DTYP 2.4.3): mapped to <see cref="Read"/>.</summary>
    public const uint GenericRead = 0x8000_0000;

    /// <summary>GENERIC_WRITE (MS-DTYP 2.4.3): mapped to <see cref="Change"/>.</summary>
    public const uint GenericWrite = 0x4000_0000;

    /// <summary>GENERIC_ALL (MS-DTYP 2.4.3): mapped to <see cref="All"/>.</summary>
    public const uint GenericAll = 0x1000_0000;

    /// <summary>The cluster rights an ACE mask stands for (generic rights mapped; CLUSAPI_NO_ACCESS as everything).</summary>
    public static uint Map(uint mask)
    {
        var rights = mask & All;
        if ((mask & (GenericAll | NoAccess)) != 0)
        {
            rights |= All;
        }
        if ((mask & GenericRead) != 0)
        {
            rights |= Read;
        }
        if ((mask & GenericWrite) != 0)
        {
            rights |= Change;
        }
        return rights;
    }
}

/// <summary>The level a caller holds on the cluster (MS-CMRP 3.1.4): none, "Read" or "All".</summary>
public enum ClusterAccessLevel
{
    /// <summary>No access: every open fails with ERROR_ACCESS_DENIED.</summary>
    None,
    /// <summary>"Read".</summary>
    Read,
    /// <summary>"All".</summary>
    All,
}

/// <summary>The kind of an ACE of the cluster DACL.</summary>
public enum ClusterAceType : byte
{
    /// <summary>ACCESS_ALLOWED_ACE_TYPE (MS-DTYP 2.4.4.2).</summary>
    Allow = 0,
    /// <summary>ACCESS_DENIED_ACE_TYPE (MS-DTYP 2.4.4.4).</summary>
    Deny = 1,
}

/// <summary>One ACE of the cluster DACL: its type, flags, access mask and SID.</summary>
/// <param name="Type">Allow or deny.</param>
/// <param name="Mask">The access mask (<see cref="ClusterAccessRights"/>).</param>
/// <param name="Sid">Whom it names.</param>
/// <param name="Flags">ACE flags (MS-DTYP 2.4.4.1); an INHERIT_ONLY_ACE entry does not apply to the cluster itself.</param>
public sealed record ClusterAce(ClusterAceType Type, uint Mask, Sid Sid, byte Flags = 0)
{
    /// <summary>INHERIT_ONLY_ACE (MS-DTYP 2.4.4.1).</summary>
    public const byte InheritOnly = 0x08;

    /// <summary>The encoded length: 8 + the SID.</summary>
    public int Length => 8 + Sid.Length;
}

/// <summary>
/// The cluster security descriptor (MS-CMRP 3.1.1.3): a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6) with an
/// owner, a group and a DACL of ACCESS_ALLOWED and ACCESS_DENIED ACEs (MS-DTYP 2.4.5, 2.4.4.2, 2.4.4.4). Windows keeps
/// it as the cluster common property "Security Descriptor" (CLUSREG_NAME_CLUS_SD), and so does clusterd.
/// </summary>
public sealed class ClusterSecurityDescriptor
{
    /// <summary>The largest descriptor accepted (bytes): one ACL is at most 65,535 bytes (AclSize is a USHORT).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The most ACEs a DACL may hold.</summary>
    public const int MaxAces = 1024;

    private const int HeaderLength = 20;
    private const int AclHeaderLength = 8;
    private const ushort SeDaclPresent = 0x0004;
    private const ushort SeSaclPresent = 0x0010;
    private const ushort SeSelfRelative = 0x8000;

    /// <summary>Creates a descriptor.</summary>
    public ClusterSecurityDescriptor(Sid? owner, Sid? group, IReadOnlyList<ClusterAce> dacl)
    {
        ArgumentNullException.ThrowIfNull(dacl);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dacl.Count, MaxAces);
        Owner = owner;
        Group = group;
        Dacl = [.. dacl];
    }

    /// <summary>The owner SID, or null.</summary>
    public Sid? Owner { get; }

    /// <summary>The primary group SID, or null.</summary>
    public Sid? Group { get; }

    /// <summary>The DACL's entries in order.</summary>
    public IReadOnlyList<ClusterAce> Dacl { get; }

    /// <summary>
    /// The level the holder of <paramref name="sids"/> has. Deny entries win over allow entries whatever their order:
    /// the rights of every matching allow entry, less the rights of every matching deny entry (MS-CMRP 3.1.1.3 leaves
    /// the evaluation to the implementation; docs/authorization.md). "All" needs Read and Change, "Read" needs Read.
    /// </summary>
    public ClusterAccessLevel Evaluate(IReadOnlyCollection<Sid> sids)
    {
        ArgumentNullException.ThrowIfNull(sids);
        uint allowed = 0;
        uint denied = 0;
        foreach (var ace in Dacl)
        {
            if ((ace.Flags & ClusterAce.InheritOnly) != 0 || !sids.Contains(ace.Sid))
            {
                continue;
            }
            if (ace.Type == ClusterAceType.Allow)
            {
                allowed |= ClusterAccessRights.Map(ace.Mask);
            }
            else
            {
                denied |= ClusterAccessRights.Map(ace.Mask);
            }
        }
        var rights = allowed & ~denied;
        return (rights & ClusterAccessRights.All) == ClusterAccessRights.All ? ClusterAccessLevel.All
            : (rights & ClusterAccessRights.Read) != 0 ? ClusterAccessLevel.Read
            : ClusterAccessLevel.None;
    }

    /// <summary>This descriptor with <paramref name="dacl"/> in place of its DACL.</summary>
    public ClusterSecurityDescriptor WithDacl(IReadOnlyList<ClusterAce> dacl) => new(Owner, Group, dacl);

    /// <summary>The self-relative encoding: header, owner, group, DACL (MS-DTYP 2.4.6); no SACL.</summary>
    public byte[] Encode()
    {
        var aclLength = AclHeaderLength + Dacl.Sum(a => a.Length);
        var length = HeaderLength + (Owner?.Length ?? 0) + (Group?.Length ?? 0) + aclLength;
        var sd = new byte[length];
        sd[0] = 1; // Revision
        BinaryPrimitives.WriteUInt16LittleEndian(sd.AsSpan(2), SeSelfRelative | SeDaclPresent);
        var offset = HeaderLength;
        if (Owner is not null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(4), (uint)offset);
            Owner.WriteTo(sd.AsSpan(offset));
            offset += Owner.Length;
        }
        if (Group is not null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(8), (uint)offset);
            Group.WriteTo(sd.AsSpan(offset));
            offset += Group.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(16), (uint)offset);
        var acl = sd.AsSpan(offset);
        acl[0] = 2; // ACL_REVISION
        BinaryPrimitives.WriteUInt16LittleEndian(acl[2..], checked((ushort)aclLength));
        BinaryPrimitives.WriteUInt16LittleEndian(acl[4..], (ushort)Dacl.Count);
        var at = AclHeaderLength;
        foreach (var ace in Dacl)
        {
            acl[at] = (byte)ace.Type;
            acl[at + 1] = ace.Flags;
            BinaryPrimitives.WriteUInt16LittleEndian(acl[(at + 2)..], (ushort)ace.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(acl[(at + 4)..], ace.Mask);
            ace.Sid.WriteTo(acl[(at + 8)..]);
            at += ace.Length;
        }
        return sd;
    }

    /// <summary>
    /// Parses a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6). ERROR_INVALID_SECURITY_DESCR for anything this
    /// cluster cannot hold: over <see cref="MaxBytes"/>, shorter than its header, revision other than 1, not
    /// self-relative, an offset or length outside the buffer, a SID or ACL that does not parse, no DACL (a NULL DACL
    /// would grant everyone everything), more than <see cref="MaxAces"/> ACEs, or an ACE other than ACCESS_ALLOWED or
    /// ACCESS_DENIED. A SACL, if present, must be a well-formed ACL and is not kept.
    /// </summary>
    public static Win32Error TryParse(ReadOnlySpan<byte> buffer, out ClusterSecurityDescriptor? descriptor)
    {
        descriptor = null;
        if (buffer.Length < HeaderLength || buffer.Length > MaxBytes || buffer[0] != 1)
        {
            return Win32Error.InvalidSecurityDescriptor;
        }
        var control = BinaryPrimitives.ReadUInt16LittleEndian(buffer[2..]);
        var ownerOffset = BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]);
        var groupOffset = BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]);
        var saclOffset = BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]);
        var daclOffset = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
        if ((control & SeSelfRelative) == 0 || (control & SeDaclPresent) == 0 || daclOffset == 0)
        {
            return Win32Error.InvalidSecurityDescriptor;
        }
        if (!TryReadSidAt(buffer, ownerOffset, out var owner) || !TryReadSidAt(buffer, groupOffset, out var group))
        {
            return Win32Error.InvalidSecurityDescriptor;
        }
        if ((control & SeSaclPresent) != 0 && saclOffset != 0 && !TryReadAcl(buffer, saclOffset, dacl: false, out _))
        {
            return Win32Error.InvalidSecurityDescriptor;
        }
        if (!TryReadAcl(buffer, daclOffset, dacl: true, out var aces))
        {
            return Win32Error.InvalidSecurityDescriptor;
        }
        descriptor = new ClusterSecurityDescriptor(owner, group, aces!);
        return Win32Error.Success;
    }

    private static bool TryReadSidAt(ReadOnlySpan<byte> buffer, uint offset, out Sid? sid)
    {
        sid = null;
        if (offset == 0)
        {
            return true;
        }
        if (offset < HeaderLength || offset >= buffer.Length)
        {
            return false;
        }
        sid = Sid.TryRead(buffer[(int)offset..]);
        return sid is not null;
    }

    // ACL (MS-DTYP 2.4.5): AclRevision 2 or 4, Sbz1, AclSize, AceCount, Sbz2; then AceCount ACEs inside AclSize.
    private static bool TryReadAcl(ReadOnlySpan<byte> buffer, uint offset, bool dacl, out List<ClusterAce>? aces)
    {
        aces = null;
        if (offset < HeaderLength || offset > buffer.Length - AclHeaderLength)
        {
            return false;
        }
        var acl = buffer[(int)offset..];
        var revision = acl[0];
        var size = BinaryPrimitives.ReadUInt16LittleEndian(acl[2..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(acl[4..]);
        if ((revision != 2 && revision != 4) || size < AclHeaderLength || size > acl.Length || count > MaxAces)
        {
            return false;
        }
        acl = acl[..size];
        var list = new List<ClusterAce>(dacl ? count : 0);
        var at = AclHeaderLength;
        for (var i = 0; i < count; i++)
        {
            if (at > acl.Length - 8)
            {
                return false;
            }
            var type = acl[at];
            var flags = acl[at + 1];
            var aceSize = BinaryPrimitives.ReadUInt16LittleEndian(acl[(at + 2)..]);
            // AceSize covers the header, and MUST be a multiple of 4 (MS-DTYP 2.4.4.1).
            if (aceSize < 8 || aceSize % 4 != 0 || aceSize > acl.Length - at)
            {
                return false;
            }
            if (dacl)
            {
                if (type > (byte)ClusterAceType.Deny || aceSize < 16)
                {
                    return false;
                }
                var sid = Sid.TryRead(acl.Slice(at + 8, aceSize - 8));
                if (sid is null)
                {
                    return false;
                }
                list.Add(new ClusterAce((ClusterAceType)type, BinaryPrimitives.ReadUInt32LittleEndian(acl[(at + 4)..]), sid, flags));
            }
            at += aceSize;
        }
        aces = list;
        return true;
    }
}
