using System.Numerics;
using MLOps.Monitoring.Profiles;

namespace MLOps.Monitoring.Windows;

/// <summary>Bulk folding of row-major tensors (model inputs and outputs) into a <see cref="WindowProfile"/>.</summary>
public sealed partial class WindowProfile
{
    /// <summary>Folds a row-major [rows, columns] block into features firstFeature … firstFeature + columns − 1.</summary>
    /// <param name="values">The block; its length must be a multiple of <paramref name="columns"/>.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="firstFeature">The feature index of the first column.</param>
    public void AddRowMajor(ReadOnlySpan<float> values, int columns, int firstFeature) => AddBlock(values, columns, firstFeature);

    /// <inheritdoc cref="AddRowMajor(ReadOnlySpan{float}, int, int)"/>
    public void AddRowMajor(ReadOnlySpan<double> values, int columns, int firstFeature) => AddBlock(values, columns, firstFeature);

    /// <inheritdoc cref="AddRowMajor(ReadOnlySpan{float}, int, int)"/>
    public void AddRowMajor(ReadOnlySpan<long> values, int columns, int firstFeature) => AddBlock(values, columns, firstFeature);

    /// <inheritdoc cref="AddRowMajor(ReadOnlySpan{float}, int, int)"/>
    public void AddRowMajor(ReadOnlySpan<int> values, int columns, int firstFeature) => AddBlock(values, columns, firstFeature);

    // Generic over the element type so that the JIT specializes one loop per type (no boxing, no virtual calls).
    // Blocks of numeric columns are copied into a staging buffer and folded a column at a time once it holds
    // StageValues values: the per-feature state is then touched once per stage rather than once per row, which
    // matters on a serving replica, where the model's weights evict that state from the cache between requests.
    private void AddBlock<T>(ReadOnlySpan<T> values, int columns, int firstFeature)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (firstFeature < 0 || firstFeature + columns > _features.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(firstFeature), firstFeature, $"VALIDATION: columns {firstFeature}…{firstFeature + columns - 1} are not all features of this profile ({_features.Length}).");
        }

        if (values.Length % columns != 0)
        {
            throw new ArgumentException($"VALIDATION: a block of {values.Length} values is not a whole number of rows of {columns} columns.", nameof(values));
        }

        if (StageFor(firstFeature, columns) is not { } stage)
        {
            AddColumns(values, columns, firstFeature);
            return;
        }

        while (!values.IsEmpty)
        {
            var rows = Math.Min(values.Length / columns, stage.RowCapacity - stage.Rows);
            var target = stage.Values.AsSpan(stage.Rows * columns, rows * columns);
            var source = values[..target.Length];
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = double.CreateTruncating(source[i]);
            }

            stage.Rows += rows;
            values = values[target.Length..];
            if (stage.Rows == stage.RowCapacity)
            {
                Fold(stage);
            }
        }
    }

    // Column by column, so that one feature's state stays in cache while its values stream through it.
    private void AddColumns<T>(ReadOnlySpan<T> values, int columns, int firstFeature)
        where T : unmanaged, INumberBase<T>
    {
        Settle();
        for (var column = 0; column < columns; column++)
        {
            var feature = firstFeature + column;
            if (_numeric[feature] is { } numeric)
            {
                for (var i = column; i < values.Length; i += columns)
                {
                    numeric.Add(double.CreateTruncating(values[i]));
                }
            }
            else
            {
                var categorical = _categorical[feature]!;
                for (var i = column; i < values.Length; i += columns)
                {
                    categorical.Add(CategoryText.FromNumber(double.CreateTruncating(values[i])));
                }
            }
        }
    }
}
