using System.Globalization;

namespace Clusterd.Store;

/// <summary>
/// The one place that enforces <see cref="StoreLimits"/> and the key rules, so every backend rejects the same
/// batches before it touches storage (a rejected batch writes nothing).
/// </summary>
internal static class StoreValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> if any write of <paramref name="batch"/> breaks the rules.</summary>
    public static void ValidateBatch(IReadOnlyList<StoreWrite> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count > StoreLimits.MaxBatchSize)
        {
            throw new ArgumentException(
                Format($"batch has {batch.Count} writes; the limit is {StoreLimits.MaxBatchSize}"), nameof(batch));
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i] ?? throw new ArgumentException(Format($"batch[{i}] is null"), nameof(batch));
            if (KeyProblem(write.Key) is { } problem)
            {
                throw new ArgumentException(Format($"batch[{i}] key {problem}"), nameof(batch));
            }

            if (write.Value is { Length: > StoreLimits.MaxValueLength } value)
            {
                throw new ArgumentException(
                    Format($"batch[{i}] value is {value.Length} bytes; the limit is {StoreLimits.MaxValueLength}"),
                    nameof(batch));
            }

            if (write.Durability is not (Durability.Nonvolatile or Durability.Volatile))
            {
                throw new ArgumentException(
                    Format($"batch[{i}] has undefined durability {(int)write.Durability}"), nameof(batch));
            }
        }
    }

    /// <summary>Why <paramref name="key"/> cannot be stored, or null if it can.</summary>
    private static string? KeyProblem(string? key)
    {
        if (key is null)
        {
            return "is null";
        }

        if (key.Length > StoreLimits.MaxKeyLength)
        {
            return Format($"is {key.Length} characters; the limit is {StoreLimits.MaxKeyLength}");
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\0')
            {
                // NUL is refused: C APIs (SQLite text functions, etcd tooling, logs) truncate at it.
                return Format($"contains NUL at position {i}");
            }

            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form: a UTF-8 backend would silently store U+FFFD instead.
                return Format($"has an unpaired surrogate at position {i} (not well-formed UTF-16)");
            }
        }

        return null;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
