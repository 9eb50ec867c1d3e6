namespace MLOps.Monitoring.Performance;

/// <summary>Area under the ROC curve by the Mann–Whitney rank-sum statistic.</summary>
internal static class MannWhitneyAuc
{
    /// <summary>
    /// The probability that a random positive scores above a random negative, a tie counting one half;
    /// null when there are no positives or no negatives.
    /// </summary>
    public static double? Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);

        // Tied scores share the mean of the ranks they span, which counts each positive–negative tie as 1/2.
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            var meanRank = (start + 1 + end) / 2.0;
            for (var j = start; j < end; j++)
            {
                if (positive[order[j]])
                {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }

            start = end;
        }

        long negatives = keys.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
