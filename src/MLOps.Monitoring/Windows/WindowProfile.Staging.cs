namespace MLOps.Monitoring.Windows;

/// <summary>
/// Staged folding for <see cref="WindowProfile"/>: rows of all-numeric blocks wait in a buffer of at most
/// <see cref="StageValues"/> values and are folded a feature at a time. Everything that reads or merges the profile,
/// or adds to it value by value, folds what is staged first (<see cref="Settle"/>), so staging never shows.
/// </summary>
public sealed partial class WindowProfile
{
    /// <summary>Values a stage holds before it is folded (64 KiB of doubles, below the large object heap).</summary>
    private const int StageValues = 8192;

    private Stage[] _stages = [];
    private double[]? _column;

    /// <summary>The stage for numeric columns firstFeature … firstFeature + columns − 1, or null when one is categorical.</summary>
    private Stage? StageFor(int firstFeature, int columns)
    {
        foreach (var stage in _stages)
        {
            if (stage.FirstFeature == firstFeature && stage.Columns == columns)
            {
                return stage.AllNumeric ? stage : null;
            }
        }

        var allNumeric = true;
        for (var feature = firstFeature; feature < firstFeature + columns; feature++)
        {
            allNumeric &= _numeric[feature] is not null;
        }

        // Stages of blocks that overlap another stage's columns would reorder a feature's values; fold those directly.
        foreach (var other in _stages)
        {
            allNumeric &= firstFeature >= other.FirstFeature + other.Columns || other.FirstFeature >= firstFeature + columns;
        }

        var created = new Stage(firstFeature, columns, allNumeric);
        _stages = [.. _stages, created];
        return allNumeric ? created : null;
    }

    /// <summary>Folds every staged row into the features' state.</summary>
    private void Settle()
    {
        foreach (var stage in _stages)
        {
            if (stage.Rows > 0)
            {
                Fold(stage);
            }
        }
    }

    private void Fold(Stage stage)
    {
        var rows = stage.Rows;
        var columns = stage.Columns;
        if (_column is null || _column.Length < rows)
        {
            _column = new double[Math.Max(rows, StageValues / Math.Max(1, columns))];
        }

        var values = stage.Values;
        var column = _column.AsSpan(0, rows);
        for (var c = 0; c < columns; c++)
        {
            for (int r = 0, i = c; r < rows; r++, i += columns)
            {
                column[r] = values[i];
            }

            _numeric[stage.FirstFeature + c]!.AddMany(column);
        }

        stage.Rows = 0;
    }

    /// <summary>Staged rows of one block shape: a row-major [rows, columns] buffer.</summary>
    private sealed class Stage(int firstFeature, int columns, bool allNumeric)
    {
        public int FirstFeature { get; } = firstFeature;

        public int Columns { get; } = columns;

        public bool AllNumeric { get; } = allNumeric;

        public int RowCapacity { get; } = Math.Max(1, StageValues / columns);

        public double[] Values => field ??= new double[RowCapacity * Columns];

        public int Rows { get; set; }
    }
}
