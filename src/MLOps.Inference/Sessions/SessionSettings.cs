namespace MLOps.Inference.Sessions;

/// <summary>How ONNX Runtime runs one model.</summary>
/// <param name="IntraOpThreads">Threads one operator may use.</param>
/// <param name="InterOpThreads">Threads that run independent operators in parallel.</param>
/// <param name="GraphOptimizationLevel">How much ONNX Runtime optimises the graph: disabled, basic, extended or all.</param>
public sealed record SessionSettings(int IntraOpThreads = 1, int InterOpThreads = 1, string GraphOptimizationLevel = "all");
