using System.Buffers.Binary;
using Clusterd.ClusApi.Security;

namespace Clusterd.ClusApi.Tests;

/// <summary>The cluster security descriptor as bytes (MS-DTYP 2.4.2.2, 2.4.4, 2.4.5, 2.4.6) and its evaluation (MS-CMRP 3.1.1.3).</summary>
public sealed class ClusterSecurityDescriptorTests
{
    // Owner BUILTIN\Administrators, group SYSTEM, DACL: deny Everyone 0x3, allow Authenticated Users 0x1.
    private const string Golden =
        "01 00 04 80 | 14 00 00 00 | 24 00 00 00 | 00 00 00 00 | 30 00 00 00" // header: revision 1, SE_SELF_RELATIVE|SE_DACL_PRESENT
        + "01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00" // S-1-5-32-544
        + "01 01 00 00 00 00 00 05 12 00 00 00" // S-1-5-18
        + "02 00 30 00 02 00 00 00" // ACL: revision 2, size 48, 2 ACEs
        + "01 00 14 00 03 00 00 00 | 01 01 00 00 00 00 00 01 00 00 00 00" // ACCESS_DENIED_ACE, CLUSAPI_ALL_ACCESS, S-1-1-0
        + "00 00 14 00 01 00 00 00 | 01 01 00 00 00 00 00 05 0B 00 00 00"; // ACCESS_ALLOWED_ACE, CLUSAPI_READ_ACCESS, S-1-5-11

    private static ClusterSecurityDescriptor Sample() => new(Sid.Administrators, Sid.LocalSystem,
    [
        new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, Sid.Everyone),
        new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.Read, Sid.AuthenticatedUsers),
    ]);

    [Fact]
    public void Encode_writes_a_self_relative_descriptor_with_owner_group_and_DACL_MS_DTYP_2_4_6()
    {
        Assert.Equal(Hex.Parse(Golden), Sample().Encode());
    }

    [Fact]
    public void TryParse_reads_the_golden_bytes_back()
    {
        Assert.Equal(Win32Error.Success, ClusterSecurityDescriptor.TryParse(Hex.Parse(Golden), out var sd));
        Assert.Equal(Sid.Administrators, sd!.Owner);
        Assert.Equal(Sid.LocalSystem, sd.Group);
        Assert.Equal(Sample().Dacl, sd.Dacl);
    }

    [Fact]
    public void Sid_encoding_puts_the_authority_big_endian_and_sub_authorities_little_endian_MS_DTYP_2_4_2_2()
    {
        var bytes = new byte[Sid.Administrators.Length];
        Sid.Administrators.WriteTo(bytes);
        Assert.Equal(Hex.Parse("01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00"), bytes);
        Assert.Equal("S-1-5-32-544", Sid.Administrators.ToString());
        Assert.Equal(Sid.Administrators, Sid.TryParseString("S-1-5-32-544"));
        Assert.Null(Sid.TryParseString("S-1-x"));
        Assert.Null(Sid.TryParseString("S-1-5-" + string.Join('-', Enumerable.Repeat("1", 16))));
    }

    [Fact]
    public void Account_SIDs_are_stable_case_insensitive_and_distinct()
    {
        var alice = Sid.ForAccount("alice");
        Assert.Equal(alice, Sid.ForAccount("ALICE"));
        Assert.NotEqual(alice, Sid.ForAccount("bob"));
        Assert.NotEqual(alice, Sid.ForAccount(@"CONTOSO\alice"));
        Assert.Equal(5, alice.SubAuthorities.Count);
        Assert.Equal(21u, alice.SubAuthorities[0]);
        Assert.True(alice.SubAuthorities[4] >= 1000);
        // The published derivation (docs/authorization.md; SHA-256 of "ALICE" in UTF-16LE, computed independently) fixes
        // this value: a change would orphan every stored descriptor.
        Assert.Equal("S-1-5-21-1594084017-2868432465-2874866994-1131832844", alice.ToString());
    }

    [Fact]
    public void Resolve_takes_a_SID_string_a_well_known_name_with_or_without_its_authority_or_else_an_account()
    {
        Assert.Equal(Sid.Administrators, Sid.Resolve("S-1-5-32-544"));
        Assert.Equal(Sid.Administrators, Sid.Resolve(@"builtin\administrators"));
        Assert.Equal(Sid.Administrators, Sid.Resolve("Administrators"));
        Assert.Equal(Sid.Everyone, Sid.Resolve("Everyone"));
        Assert.Equal(Sid.AuthenticatedUsers, Sid.Resolve("Authenticated Users"));
        Assert.Equal(Sid.ForAccount(@"CONTOSO\bob"), Sid.Resolve(@"CONTOSO\bob"));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "shorter than the header", "01 00 04 80 14 00 00 00" },
        { "revision 2", "02" + Golden.Replace(" ", "", StringComparison.Ordinal)[2..] },
        { "not self-relative", "01 00 04 00" + Golden.Replace(" ", "", StringComparison.Ordinal).Replace("|", "", StringComparison.Ordinal)[8..] },
        { "no DACL (a NULL DACL grants everyone everything)", "01 00 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" },
        { "DACL offset past the end", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 FF 00 00 00" },
        { "DACL offset inside the header", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 04 00 00 00 02 00 08 00 00 00 00 00" },
        { "owner offset past the end", "01 00 04 80 FF 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 08 00 00 00 00 00" },
        { "ACL size past the end", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 40 00 00 00 00 00" },
        { "ACL revision 1", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 01 00 08 00 00 00 00 00" },
        { "ACE count beyond the ACL", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 08 00 01 00 00 00" },
        { "ACE size not a multiple of 4", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 1C 00 01 00 00 00 00 00 13 00 03 00 00 00 01 01 00 00 00 00 00 01 00 00 00 00" },
        { "ACE type 5 (object ACE)", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 1C 00 01 00 00 00 05 00 14 00 03 00 00 00 01 01 00 00 00 00 00 01 00 00 00 00" },
        { "ACE SID longer than the ACE", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 1C 00 01 00 00 00 00 00 14 00 03 00 00 00 01 05 00 00 00 00 00 01 00 00 00 00" },
        { "SID of 16 sub-authorities", "01 00 04 80 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 02 00 1C 00 01 00 00 00 00 00 14 00 03 00 00 00 01 10 00 00 00 00 00 01 00 00 00 00" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_refuses_malformed_descriptors_with_ERROR_INVALID_SECURITY_DESCR(string why, string hex)
    {
        Assert.True(Win32Error.InvalidSecurityDescriptor == ClusterSecurityDescriptor.TryParse(Hex.Parse(hex), out var sd), why);
        Assert.Null(sd);
    }

    [Fact]
    public void TryParse_refuses_every_truncation_of_the_golden_bytes()
    {
        var bytes = Hex.Parse(Golden);
        for (var n = 0; n < bytes.Length; n++)
        {
            Assert.Equal(Win32Error.InvalidSecurityDescriptor, ClusterSecurityDescriptor.TryParse(bytes.AsSpan(0, n), out _));
        }
    }

    [Fact]
    public void TryParse_refuses_a_descriptor_over_64_KiB_and_a_DACL_over_1024_entries()
    {
        var big = new byte[ClusterSecurityDescriptor.MaxBytes + 1];
        Hex.Parse(Golden).CopyTo(big, 0);
        Assert.Equal(Win32Error.InvalidSecurityDescriptor, ClusterSecurityDescriptor.TryParse(big, out _));

        var many = Enumerable.Repeat(new ClusterAce(ClusterAceType.Allow, 1, Sid.Everyone), ClusterSecurityDescriptor.MaxAces).ToList();
        var bytes = new ClusterSecurityDescriptor(null, null, many).Encode();
        Assert.Equal(Win32Error.Success, ClusterSecurityDescriptor.TryParse(bytes, out _));
        // One more ACE: the count field says 1025.
        var acl = 20;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(acl + 4), ClusterSecurityDescriptor.MaxAces + 1);
        Assert.Equal(Win32Error.InvalidSecurityDescriptor, ClusterSecurityDescriptor.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_keeps_no_SACL_but_requires_it_well_formed()
    {
        // Golden with SE_SACL_PRESENT and a SACL offset pointing at the DACL (a well-formed ACL): accepted.
        var bytes = Hex.Parse(Golden);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x8014);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 0x30);
        Assert.Equal(Win32Error.Success, ClusterSecurityDescriptor.TryParse(bytes, out var sd));
        Assert.Equal(2, sd!.Dacl.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 0x5E); // past the end minus a header
        Assert.Equal(Win32Error.InvalidSecurityDescriptor, ClusterSecurityDescriptor.TryParse(bytes, out _));
    }

    [Fact]
    public void Deny_entries_win_over_allow_entries_whatever_their_order()
    {
        var alice = Sid.ForAccount("alice");
        var allowFirst = new ClusterSecurityDescriptor(null, null,
            [new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, alice), new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, alice)]);
        Assert.Equal(ClusterAccessLevel.None, allowFirst.Evaluate([alice, Sid.Everyone]));
        var denyChange = new ClusterSecurityDescriptor(null, null,
            [new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.Everyone), new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.Change, alice)]);
        Assert.Equal(ClusterAccessLevel.Read, denyChange.Evaluate([alice, Sid.Everyone]));
        Assert.Equal(ClusterAccessLevel.All, denyChange.Evaluate([Sid.ForAccount("bob"), Sid.Everyone]));
    }

    [Fact]
    public void Levels_come_from_the_cluster_rights_and_the_generic_rights()
    {
        var alice = Sid.ForAccount("alice");
        ClusterAccessLevel With(uint mask, byte flags = 0) =>
            new ClusterSecurityDescriptor(null, null, [new ClusterAce(ClusterAceType.Allow, mask, alice, flags)]).Evaluate([alice]);
        Assert.Equal(ClusterAccessLevel.All, With(ClusterAccessRights.All));
        Assert.Equal(ClusterAccessLevel.All, With(ClusterAccessRights.GenericAll));
        Assert.Equal(ClusterAccessLevel.Read, With(ClusterAccessRights.Read));
        Assert.Equal(ClusterAccessLevel.Read, With(ClusterAccessRights.GenericRead));
        Assert.Equal(ClusterAccessLevel.None, With(ClusterAccessRights.Change)); // change without read is not a level
        Assert.Equal(ClusterAccessLevel.None, With(ClusterAccessRights.All, ClusterAce.InheritOnly)); // does not apply to the cluster
        Assert.Equal(ClusterAccessLevel.None, With(0));
    }

    [Fact]
    public void Default_descriptor_grants_All_to_every_account_and_the_anonymous_caller_only_when_admitted()
    {
        var accounts = new ClusterAccounts(["alice", @"CONTOSO\bob"], allowAnonymous: false);
        var sd = accounts.DefaultDescriptor();
        Assert.Equal(ClusterAccessLevel.All, accounts.LevelOf(sd, @"WORKGROUP\alice")); // any-domain account
        Assert.Equal(ClusterAccessLevel.All, accounts.LevelOf(sd, @"CONTOSO\bob"));
        Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(sd, @"OTHER\bob"));
        Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(sd, null));
        var insecure = new ClusterAccounts(["alice"], allowAnonymous: true);
        Assert.Equal(ClusterAccessLevel.All, insecure.LevelOf(insecure.DefaultDescriptor(), null));
    }

    [Fact]
    public void Stored_descriptor_is_evaluated_as_it_is_now_every_time_and_one_that_does_not_parse_grants_nothing()
    {
        var accounts = new ClusterAccounts(["alice", "bob"], allowAnonymous: false);
        byte[] Encode(params ClusterAce[] aces) => new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem, aces).Encode();
        var full = Encode(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.ForAccount("alice")),
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.Read, Sid.AuthenticatedUsers));
        var blocked = Encode(new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, Sid.ForAccount("alice")),
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.ForAccount("bob")));

        // The same caller under each descriptor in turn, and back: the kept parse never answers for another descriptor.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(ClusterAccessLevel.All, accounts.LevelOf(full, @"DOM\alice"));
            Assert.Equal(ClusterAccessLevel.Read, accounts.LevelOf(full, "bob"));
            Assert.Equal(ClusterAccessLevel.Read, accounts.LevelOf(full, @"DOM\stranger")); // Authenticated Users
            Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(full, null));
            Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(blocked, @"DOM\alice"));
            Assert.Equal(ClusterAccessLevel.All, accounts.LevelOf(blocked, "bob"));
            Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(blocked, @"DOM\stranger"));
        }
        Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(full.AsSpan(0, full.Length - 1), "alice"));
        Assert.Equal(ClusterAccessLevel.None, accounts.LevelOf(new byte[] { 1, 2, 3 }, "alice"));
        Assert.Equal(ClusterAccessLevel.All, accounts.LevelOf(full, "alice"));
    }

    [Fact]
    public void Validate_refuses_unknown_accounts_with_ERROR_NONE_MAPPED_and_no_admin_left_with_ERROR_LAST_ADMIN()
    {
        var accounts = new ClusterAccounts(["alice", "bob"], allowAnonymous: false);
        var alice = Sid.ForAccount("alice");
        byte[] Encode(params ClusterAce[] aces) => new ClusterSecurityDescriptor(Sid.Administrators, Sid.LocalSystem, aces).Encode();

        Assert.Equal(Win32Error.Success, accounts.Validate(Encode(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, alice)), out _));
        Assert.Equal(Win32Error.Success, accounts.Validate(Encode(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.Everyone)), out _));
        Assert.Equal(Win32Error.NoneMapped, accounts.Validate(Encode(
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, alice), new ClusterAce(ClusterAceType.Allow, 1, Sid.ForAccount("mallory"))), out _));
        Assert.Equal(Win32Error.LastAdmin, accounts.Validate(Encode(new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.Read, alice)), out _));
        Assert.Equal(Win32Error.LastAdmin, accounts.Validate(Encode(
            new ClusterAce(ClusterAceType.Allow, ClusterAccessRights.All, Sid.Everyone), new ClusterAce(ClusterAceType.Deny, ClusterAccessRights.All, Sid.AuthenticatedUsers)), out _));
        Assert.Equal(Win32Error.LastAdmin, accounts.Validate(Encode(), out _));
        Assert.Equal(Win32Error.InvalidSecurityDescriptor, accounts.Validate(new byte[] { 1, 2, 3 }, out _));
    }
}
