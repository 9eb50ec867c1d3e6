using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace MLOps.Monitoring.Datasets;

/// <summary>Reads one flat Parquet column chunk into the dataset's numeric or string form.</summary>
internal static class ParquetColumnReaders
{
    public static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(Half) || type == typeof(decimal)
        || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(byte);

    // A string column reads back as ReadOnlyMemory<char> unless the writer's schema said string.
    public static bool IsSupported(Type type) =>
        IsNumeric(type) || type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(bool);

    public static ValueTask ReadNumbersAsync(
        ParquetRowGroupReader group, DataField field, Memory<double> target, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        return type == typeof(double) ? ReadAsync<double>(group, field, target, cancellationToken)
            : type == typeof(float) ? ReadAsync<float>(group, field, target, cancellationToken)
            : type == typeof(Half) ? ReadAsync<Half>(group, field, target, cancellationToken)
            : type == typeof(decimal) ? ReadAsync<decimal>(group, field, target, cancellationToken)
            : type == typeof(int) ? ReadAsync<int>(group, field, target, cancellationToken)
            : type == typeof(long) ? ReadAsync<long>(group, field, target, cancellationToken)
            : type == typeof(short) ? ReadAsync<short>(group, field, target, cancellationToken)
            : type == typeof(sbyte) ? ReadAsync<sbyte>(group, field, target, cancellationToken)
            : type == typeof(uint) ? ReadAsync<uint>(group, field, target, cancellationToken)
            : type == typeof(ulong) ? ReadAsync<ulong>(group, field, target, cancellationToken)
            : type == typeof(ushort) ? ReadAsync<ushort>(group, field, target, cancellationToken)
            : type == typeof(byte) ? ReadAsync<byte>(group, field, target, cancellationToken)
            : throw new NotSupportedException($"Type {type.Name} is not numeric.");
    }

    public static async ValueTask ReadStringsAsync(
        ParquetRowGroupReader group, DataField field, Memory<string?> target, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(bool))
        {
            var flags = new bool?[target.Length];
            await group.ReadAsync<bool>(field, flags, null, cancellationToken);
            for (var i = 0; i < flags.Length; i++)
            {
                target.Span[i] = flags[i] switch { true => "true", false => "false", null => null };
            }

            return;
        }

        var values = new string[target.Length];
        await group.ReadAsync(field, values, null, cancellationToken);
        values.CopyTo(target);
    }

    private static async ValueTask ReadAsync<T>(
        ParquetRowGroupReader group, DataField field, Memory<double> target, CancellationToken cancellationToken)
        where T : struct, INumberBase<T>
    {
        var values = new T?[target.Length];
        await group.ReadAsync<T>(field, values, null, cancellationToken);
        var span = target.Span;
        for (var i = 0; i < values.Length; i++)
        {
            span[i] = values[i] is { } value ? double.CreateSaturating(value) : double.NaN;
        }
    }
}
