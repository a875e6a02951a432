using System.Diagnostics.CodeAnalysis;

namespace Clusterd.ClusApi;

/// <summary>Throw helpers for the writer side (programming errors), keeping the hot paths small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void StringDoesNotFit(string fieldName, int fieldBytes) =>
        throw new ArgumentException(
            $"The string does not fit the {fieldBytes}-byte field with its NUL terminator, or holds a NUL.", fieldName);

    [DoesNotReturn]
    internal static void StringHoldsNul(string paramName) =>
        throw new ArgumentException("The string holds a NUL character.", paramName);

    [DoesNotReturn]
    internal static void DestinationTooSmall(string paramName, int needed) =>
        throw new ArgumentException($"The destination needs at least {needed} bytes.", paramName);

    [DoesNotReturn]
    internal static void InvalidEnum(string paramName, object value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Not a value the wire format defines.");

    [DoesNotReturn]
    internal static void InvalidSyntax(string paramName, ClusPropSyntax syntax) =>
        throw new ArgumentOutOfRangeException(paramName, syntax, "ENDMARK and NAME cannot be used as value syntaxes.");
}
