using System.Formats.Asn1;

namespace Clusterd.Rpc.Security;

/// <summary>
/// NegTokenResp (RFC 4178 4.2.2): <c>[1] SEQUENCE { [0] negState ENUMERATED OPTIONAL, [1] supportedMech OID OPTIONAL,
/// [2] responseToken OCTET STRING OPTIONAL, [3] mechListMIC OCTET STRING OPTIONAL }</c>, never wrapped in 0x60.
/// </summary>
internal sealed record SpnegoNegTokenResp(SpnegoNegState? NegState, string? SupportedMech, byte[]? ResponseToken, byte[]? MechListMic)
{
    public static bool TryParse(ReadOnlySpan<byte> token, out SpnegoNegTokenResp? parsed)
    {
        parsed = null;
        try
        {
            var outer = new AsnReader(token.ToArray(), AsnEncodingRules.BER);
            var choice = outer.ReadSequence(SpnegoNegTokenInit.Context(1));
            outer.ThrowIfNotEmpty();
            var resp = choice.ReadSequence();
            choice.ThrowIfNotEmpty();
            SpnegoNegState? state = null;
            string? mech = null;
            byte[]? responseToken = null, mic = null;
            int lastTag = -1;
            while (resp.HasData)
            {
                var tag = resp.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue <= lastTag || tag.TagValue > 3)
                {
                    return false; // Unknown, repeated or out-of-order field.
                }

                lastTag = tag.TagValue;
                var field = resp.ReadSequence(tag);
                switch (tag.TagValue)
                {
                    case 0:
                        var value = field.ReadEnumeratedBytes().Span;
                        if (value.Length != 1 || value[0] > (byte)SpnegoNegState.RequestMic)
                        {
                            return false;
                        }

                        state = (SpnegoNegState)value[0];
                        break;
                    case 1:
                        mech = field.ReadObjectIdentifier();
                        break;
                    case 2:
                        responseToken = field.ReadOctetString();
                        break;
                    default:
                        mic = field.ReadOctetString();
                        break;
                }

                field.ThrowIfNotEmpty();
            }

            parsed = new SpnegoNegTokenResp(state, mech, responseToken, mic);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    public byte[] ToBytes()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.PushSequence(SpnegoNegTokenInit.Context(1));
        writer.PushSequence();
        if (NegState is { } state)
        {
            writer.PushSequence(SpnegoNegTokenInit.Context(0));
            writer.WriteEnumeratedValue(state);
            writer.PopSequence(SpnegoNegTokenInit.Context(0));
        }

        if (SupportedMech is { } mech)
        {
            writer.PushSequence(SpnegoNegTokenInit.Context(1));
            writer.WriteObjectIdentifier(mech);
            writer.PopSequence(SpnegoNegTokenInit.Context(1));
        }

        SpnegoNegTokenInit.WriteOctets(writer, 2, ResponseToken);
        SpnegoNegTokenInit.WriteOctets(writer, 3, MechListMic);
        writer.PopSequence();
        writer.PopSequence(SpnegoNegTokenInit.Context(1));
        return writer.Encode();
    }
}
