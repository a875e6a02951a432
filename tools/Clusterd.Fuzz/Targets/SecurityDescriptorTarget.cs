using System.Buffers.Binary;
using Clusterd.ClusApi;
using Clusterd.ClusApi.Security;

namespace Clusterd.Fuzz.Targets;

/// <summary>
/// The cluster security descriptor (MS-DTYP 2.4.6; docs/authorization.md): the input goes through
/// ClusterSecurityDescriptor.TryParse and ClusterAccounts.Validate; a descriptor that parses is evaluated, encoded and
/// parsed again, which must give the same entries. Contract: a Win32Error answer; nothing throws.
/// </summary>
internal sealed class SecurityDescriptorTarget : FuzzTarget
{
    private static readonly ClusterAccounts Accounts = new(["alice", @"DOM\bob"], allowAnonymous: false);

    public override string Name => "secdesc";

    public override string Description => "ClusterSecurityDescriptor.TryParse, its evaluation and re-encoding, ClusterAccounts.Validate";

    public override string Execute(byte[] input)
    {
        var parsed = ClusterSecurityDescriptor.TryParse(input, out var sd);
        var validated = Accounts.Validate(input, out _);
        if (parsed != Win32Error.Success)
        {
            return $"{parsed} {validated}";
        }
        var level = Accounts.LevelOf(sd!, @"DOM\alice");
        var again = ClusterSecurityDescriptor.TryParse(sd!.Encode(), out var reparsed);
        if (again != Win32Error.Success || !reparsed!.Dacl.SequenceEqual(sd.Dacl) || !Equals(reparsed.Owner, sd.Owner) || !Equals(reparsed.Group, sd.Group))
        {
            throw new InvalidOperationException("a parsed descriptor does not survive Encode and TryParse");
        }
        return $"{parsed} {validated} {level} {Math.Min(sd.Dacl.Count, 4)}";
    }

    public override IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var initial = Accounts.DefaultDescriptor();
        yield return ("default", initial.Encode());
        yield return ("deny-and-read", new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem,
        [
            new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, Sid.ForAccount(@"DOM\bob")),
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.ForAccount("alice")),
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.GenericRead, Sid.Everyone, ClusterAce.InheritOnly),
        ]).Encode());
        // With a SACL: the DACL's bytes again at the end, pointed at by OffsetSacl (a well-formed ACL, not kept).
        var bytes = initial.Encode();
        var daclOffset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        var withSacl = bytes.Concat(bytes.AsSpan(daclOffset).ToArray()).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(withSacl.AsSpan(2), 0x8014);
        BinaryPrimitives.WriteInt32LittleEndian(withSacl.AsSpan(12), bytes.Length);
        yield return ("with-sacl", withSacl);
    }

    public override void LocateFields(ReadOnlySpan<byte> input, List<FuzzField> fields)
    {
        if (input.Length < 20)
        {
            return;
        }
        fields.Add(new FuzzField(2, 2)); // Control
        for (var offset = 4; offset <= 16; offset += 4)
        {
            fields.Add(new FuzzField(offset, 4)); // OffsetOwner, OffsetGroup, OffsetSacl, OffsetDacl
        }
        var dacl = BinaryPrimitives.ReadUInt32LittleEndian(input[16..]);
        if (dacl >= 20 && dacl <= input.Length - 8)
        {
            fields.Add(new FuzzField((int)dacl + 2, 2)); // AclSize
            fields.Add(new FuzzField((int)dacl + 4, 2)); // AceCount
            var at = (int)dacl + 8;
            for (var i = 0; i < 8 && at <= input.Length - 8; i++)
            {
                fields.Add(new FuzzField(at, 1)); // AceType
                fields.Add(new FuzzField(at + 2, 2)); // AceSize
                fields.Add(new FuzzField(at + 9, 1)); // the SID's SubAuthorityCount
                var size = BinaryPrimitives.ReadUInt16LittleEndian(input[(at + 2)..]);
                if (size < 8)
                {
                    break;
                }
                at += size;
            }
        }
    }
}
