using System.Formats.Asn1;

namespace Clusterd.Rpc.Security;

/// <summary>
/// The initiator's first token: <c>[APPLICATION 0] { thisMech OID (SPNEGO), [0] NegTokenInit }</c> with
/// NegTokenInit ::= SEQUENCE { [0] MechTypeList, [1] ContextFlags OPTIONAL, [2] mechToken OPTIONAL,
/// [3] mechListMIC OPTIONAL } (RFC 4178 4.2.1, RFC 2743 3.1). Read with BER, written with DER.
/// </summary>
internal sealed record SpnegoNegTokenInit(IReadOnlyList<string> MechTypes, byte[] MechTypesDer, byte[]? MechToken, byte[]? MechListMic)
{
    private static readonly Asn1Tag s_gssApiToken = new(TagClass.Application, 0, isConstructed: true);

    /// <summary>True when the token starts with the GSS-API [APPLICATION 0] wrapper (0x60).</summary>
    public static bool LooksLikeInit(ReadOnlySpan<byte> token) => !token.IsEmpty && token[0] == 0x60;

    public static bool TryParse(ReadOnlySpan<byte> token, out SpnegoNegTokenInit? parsed)
    {
        parsed = null;
        try
        {
            var outer = new AsnReader(token.ToArray(), AsnEncodingRules.BER);
            var wrapper = outer.ReadSequence(s_gssApiToken);
            outer.ThrowIfNotEmpty();
            if (wrapper.ReadObjectIdentifier() != SpnegoOids.Spnego)
            {
                return false;
            }

            var choice = wrapper.ReadSequence(Context(0));
            wrapper.ThrowIfNotEmpty();
            var init = choice.ReadSequence();
            choice.ThrowIfNotEmpty();

            // [0] MechTypeList: keep its exact encoding; the mechListMIC is computed over it (RFC 4178 5).
            var mechTypesHolder = init.ReadSequence(Context(0));
            byte[] mechTypesDer = mechTypesHolder.ReadEncodedValue().ToArray();
            mechTypesHolder.ThrowIfNotEmpty();
            var mechTypes = new List<string>();
            var list = new AsnReader(mechTypesDer, AsnEncodingRules.BER).ReadSequence();
            while (list.HasData)
            {
                mechTypes.Add(list.ReadObjectIdentifier());
            }

            byte[]? mechToken = null, mic = null;
            while (init.HasData)
            {
                var tag = init.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    return false;
                }

                var field = init.ReadSequence(tag);
                switch (tag.TagValue)
                {
                    case 2:
                        mechToken = field.ReadOctetString();
                        break;
                    case 3 when field.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString):
                        mic = field.ReadOctetString();
                        break;
                    default:
                        field.ReadEncodedValue(); // [1] reqFlags, or MS-SPNG negHints: not used.
                        break;
                }

                field.ThrowIfNotEmpty();
            }

            parsed = new SpnegoNegTokenInit(mechTypes, mechTypesDer, mechToken, mic);
            return mechTypes.Count > 0;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Encodes a MechTypeList (SEQUENCE OF OID) in DER.</summary>
    public static byte[] EncodeMechTypes(IEnumerable<string> mechTypes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence();
        foreach (string oid in mechTypes)
        {
            writer.WriteObjectIdentifier(oid);
        }

        writer.PopSequence();
        return writer.Encode();
    }

    public byte[] ToBytes()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence(s_gssApiToken);
        writer.WriteObjectIdentifier(SpnegoOids.Spnego);
        writer.PushSequence(Context(0));
        writer.PushSequence();
        writer.PushSequence(Context(0));
        writer.WriteEncodedValue(MechTypesDer);
        writer.PopSequence(Context(0));
        WriteOctets(writer, 2, MechToken);
        WriteOctets(writer, 3, MechListMic);
        writer.PopSequence();
        writer.PopSequence(Context(0));
        writer.PopSequence(s_gssApiToken);
        return writer.Encode();
    }

    internal static Asn1Tag Context(int n) => new(TagClass.ContextSpecific, n, isConstructed: true);

    internal static void WriteOctets(AsnWriter writer, int n, byte[]? value)
    {
        if (value is null)
        {
            return;
        }

        writer.PushSequence(Context(n));
        writer.WriteOctetString(value);
        writer.PopSequence(Context(n));
    }
}
