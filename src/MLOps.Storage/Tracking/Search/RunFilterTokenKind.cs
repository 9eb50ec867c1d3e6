namespace MLOps.Storage.Tracking.Search;

internal enum RunFilterTokenKind
{
    End,
    Word,
    String,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    Invalid,
}
