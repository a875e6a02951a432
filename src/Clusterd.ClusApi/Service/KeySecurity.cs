using System.Buffers.Binary;

namespace Clusterd.ClusApi.Service;

/// <summary>
/// The security descriptor of every cluster database key: owner BUILTIN\Administrators, group SYSTEM, a DACL
/// granting KEY_ALL_ACCESS to Administrators and KEY_READ to Everyone, in self-relative form (MS-DTYP 2.4.6).
/// Only the parts SecurityInformation asks for are included (OWNER 1, GROUP 2, DACL 4; no SACL is kept).
/// </summary>
internal static class KeySecurity
{
    private static readonly byte[] s_administrators = Sid(5, 32, 544);
    private static readonly byte[] s_system = Sid(5, 18);
    private static readonly byte[] s_everyone = Sid(1, 0);

    public static byte[] Descriptor(uint securityInformation)
    {
        var owner = (securityInformation & 1) != 0 ? s_administrators : [];
        var group = (securityInformation & 2) != 0 ? s_system : [];
        var dacl = (securityInformation & 4) != 0 ? Dacl() : [];
        var sd = new byte[20 + owner.Length + group.Length + dacl.Length];
        sd[0] = 1; // Revision
        ushort control = 0x8000; // SE_SELF_RELATIVE
        var offset = 20;
        if (owner.Length > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(4), (uint)offset);
            owner.CopyTo(sd, offset);
            offset += owner.Length;
        }
        if (group.Length > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(8), (uint)offset);
            group.CopyTo(sd, offset);
            offset += group.Length;
        }
        if (dacl.Length > 0)
        {
            control |= 0x0004; // SE_DACL_PRESENT
            BinaryPrimitives.WriteUInt32LittleEndian(sd.AsSpan(16), (uint)offset);
            dacl.CopyTo(sd, offset);
        }
        BinaryPrimitives.WriteUInt16LittleEndian(sd.AsSpan(2), control);
        return sd;
    }

    private static byte[] Dacl()
    {
        var aces = new[] { Ace(0x000F003F, s_administrators), Ace(0x00020019, s_everyone) };
        var acl = new byte[8 + aces.Sum(a => a.Length)];
        acl[0] = 2; // ACL_REVISION
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(2), (ushort)acl.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(acl.AsSpan(4), (ushort)aces.Length);
        var offset = 8;
        foreach (var ace in aces)
        {
            ace.CopyTo(acl, offset);
            offset += ace.Length;
        }
        return acl;
    }

    // ACCESS_ALLOWED_ACE: type 0, flags 0, size, mask, SID.
    private static byte[] Ace(uint mask, byte[] sid)
    {
        var ace = new byte[8 + sid.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(ace.AsSpan(2), (ushort)ace.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ace.AsSpan(4), mask);
        sid.CopyTo(ace, 8);
        return ace;
    }

    private static byte[] Sid(byte authority, params uint[] subAuthorities)
    {
        var sid = new byte[8 + (4 * subAuthorities.Length)];
        sid[0] = 1;
        sid[1] = (byte)subAuthorities.Length;
        sid[7] = authority;
        for (var i = 0; i < subAuthorities.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(sid.AsSpan(8 + (4 * i)), subAuthorities[i]);
        }
        return sid;
    }
}
