namespace Clusterd.Rpc.Security;

/// <summary>
/// Fills a buffer with random bytes: server challenges, client challenges, random session keys.
/// Production uses <see cref="System.Security.Cryptography.RandomNumberGenerator.Fill"/>; tests inject a fixed source.
/// </summary>
/// <param name="destination">The buffer to fill.</param>
public delegate void RandomSource(Span<byte> destination);
