using System.Globalization;
using MLOps.Contracts;
using MLOps.Inference.Protocol;
using MLOps.Monitoring;
using MLOps.Monitoring.Datasets;
using MLOps.Monitoring.Profiles;

namespace MLOps.Api.Monitoring;

/// <summary>A reference dataset's columns mapped onto a model's features (see <see cref="ReferenceProfiler"/>).</summary>
public sealed class ReferenceColumns
{
    private readonly FeatureLayout _layout;

    private ReferenceColumns(FeatureLayout layout, IReadOnlyList<FeatureSpec> features, IReadOnlyList<DatasetColumn> inputColumns, bool canPredict)
    {
        _layout = layout;
        Features = features;
        InputColumns = inputColumns;
        CanPredict = canPredict;
    }

    /// <summary>Every feature: the inputs (named as the profile will name them), then the predictions.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>The dataset column of each input feature.</summary>
    public IReadOnlyList<DatasetColumn> InputColumns { get; }

    /// <summary>Whether the model can be run over the rows (every input is tabular and has no missing values it cannot take).</summary>
    public bool CanPredict { get; }

    public static ReferenceColumns Map(FeatureLayout layout, TabularDataset dataset, IReadOnlyList<string> categorical)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(dataset);
        var inputs = layout.Features.Take(layout.InputFeatureCount).ToList();
        if (inputs.Count == 0)
        {
            throw MLOpsException.Invalid("The model has no tabular inputs ([rows] or [rows, k] tensors), so there is nothing to profile.");
        }

        if (dataset.RowCount == 0)
        {
            throw MLOpsException.Invalid("The reference dataset has no rows.");
        }

        List<DatasetColumn> columns;
        if (inputs.All(f => dataset.TryGetColumn(f.Name, out _)))
        {
            columns = [.. inputs.Select(f => dataset.GetColumn(f.Name))];
        }
        else if (dataset.ColumnCount == inputs.Count)
        {
            columns = [.. dataset.Columns];
        }
        else
        {
            var expected = string.Join(", ", inputs.Take(5).Select(f => f.Name)) + (inputs.Count > 5 ? ", ..." : string.Empty);
            throw MLOpsException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"The model takes {inputs.Count} input features ({expected}) but the dataset has {dataset.ColumnCount} columns and not all of those names; send exactly {inputs.Count} columns in input order, or columns with those names."));
        }

        var unknown = categorical.Where(name => columns.All(c => c.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw MLOpsException.Invalid($"categorical names columns the dataset does not map to a model input: {string.Join(", ", unknown)}.");
        }

        var features = new List<FeatureSpec>();
        var canPredict = true;
        foreach (var tensor in layout.Inputs)
        {
            for (var c = 0; c < tensor.Columns; c++)
            {
                var column = columns[tensor.FirstFeature + c];
                var kind = tensor.Kinds[c] == FeatureKind.Categorical || categorical.Contains(column.Name) ? FeatureKind.Categorical : FeatureKind.Numeric;
                if (tensor.Kinds[c] == FeatureKind.Numeric && !column.IsNumeric)
                {
                    throw MLOpsException.Invalid($"Column '{column.Name}' holds text, but model input '{tensor.Name}' takes {tensor.Datatype} numbers.");
                }

                canPredict &= column.MissingCount == 0 || tensor.Datatype is "FP32" or "FP64" or "FP16";
                features.Add(new FeatureSpec(column.Name, kind, FeatureRole.Input));
            }
        }

        features.AddRange(layout.Features.Skip(layout.InputFeatureCount));
        var duplicate = features.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw MLOpsException.Invalid($"Feature name '{duplicate.Key}' is used twice (a dataset column and a model output share it); rename the column.");
        }

        return new ReferenceColumns(layout, features, columns, canPredict);
    }

    /// <summary>Rows [start, start + rows) as the model's input tensors.</summary>
    public IReadOnlyList<InferInputTensor> Inputs(int start, int rows)
    {
        var tensors = new List<InferInputTensor>();
        foreach (var tensor in _layout.Inputs)
        {
            var shape = tensor.IsVector ? new long[] { rows } : [rows, tensor.Columns];
            tensors.Add(new InferInputTensor(tensor.Name, shape, tensor.Datatype, new TensorData(Slice(tensor, start, rows))));
        }

        return tensors;
    }

    private Array Slice(TensorColumns tensor, int start, int rows)
    {
        var count = rows * tensor.Columns;
        Array array = tensor.Datatype switch
        {
            "FP32" => new float[count],
            "FP64" => new double[count],
            "INT64" => new long[count],
            "INT32" => new int[count],
            "BOOL" => new bool[count],
            "BYTES" => new string[count],
            _ => throw MLOpsException.Invalid($"Input '{tensor.Name}' is {tensor.Datatype}; reference profiling runs models whose inputs are FP32, FP64, INT32, INT64, BOOL or BYTES."),
        };
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < tensor.Columns; c++)
            {
                var column = InputColumns[tensor.FirstFeature + c];
                var i = (r * tensor.Columns) + c;
                var row = start + r;
                switch (array)
                {
                    case float[] f: f[i] = (float)column.Numbers[row]; break;
                    case double[] d: d[i] = column.Numbers[row]; break;
                    case long[] l: l[i] = (long)column.Numbers[row]; break;
                    case int[] n: n[i] = (int)column.Numbers[row]; break;
                    case bool[] b: b[i] = column.IsNumeric ? column.Numbers[row] != 0 : column.Strings[row] is "true" or "True" or "1"; break;
                    case string[] s: s[i] = (column.IsNumeric ? column.Numbers[row].ToString(CultureInfo.InvariantCulture) : column.Strings[row]) ?? string.Empty; break;
                }
            }
        }

        return array;
    }
}
