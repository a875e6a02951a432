namespace Clusterd.ClusApi.Tests;

internal static class Hex
{
    /// <summary>Parses "01 00 | 08 07 ..." style hex (spaces, '|' and newlines ignored).</summary>
    public static byte[] Parse(string text) =>
        Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));

    public static byte[] Utf16Z(string value)
    {
        var bytes = new byte[(value.Length + 1) * 2];
        System.Text.Encoding.Unicode.GetBytes(value, bytes);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Zeros(int count) => new byte[count];
}
