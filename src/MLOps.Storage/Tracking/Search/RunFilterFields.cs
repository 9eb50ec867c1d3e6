namespace MLOps.Storage.Tracking.Search;

/// <summary>Reads field names (<c>metrics.&lt;key&gt;</c>, <c>params.`a b`</c>, <c>status</c>, ...) for filters and order-by clauses.</summary>
internal static class RunFilterFields
{
    /// <summary>The field a word token names: a prefixed key or a bare attribute. VALIDATION when unknown.</summary>
    public static RunFilterField Resolve(RunFilterLexer lexer, RunFilterToken token)
    {
        string? prefix;
        string name;
        if (token.Value is not null)
        {
            (prefix, name) = (token.Prefix, token.Value);
        }
        else
        {
            var dot = token.Text.IndexOf('.', StringComparison.Ordinal);
            (prefix, name) = dot < 0 ? (null, token.Text) : (token.Text[..dot], token.Text[(dot + 1)..]);
        }

        if (prefix is null)
        {
            return Attribute(lexer, token, name);
        }

        RunFilterEntity? entity = prefix.ToUpperInvariant() switch
        {
            "METRICS" or "METRIC" => RunFilterEntity.Metric,
            "PARAMS" or "PARAM" => RunFilterEntity.Param,
            "TAGS" or "TAG" => RunFilterEntity.Tag,
            "ATTRIBUTES" or "ATTRIBUTE" or "ATTR" => RunFilterEntity.Attribute,
            _ => null,
        };
        if (entity is null)
        {
            throw lexer.Fail(token.Position, $"unknown prefix '{RunFilterLexer.Shorten(prefix)}' in '{RunFilterLexer.Shorten(token.Text)}'; expected metrics., params., tags. or attributes. before a key, or a bare attribute name.");
        }

        if (name.Length == 0)
        {
            throw lexer.Fail(token.Position, $"expected a key after '{RunFilterLexer.Shorten(prefix)}.', found none; quote keys with spaces or symbols in backticks, e.g. metrics.`f1 score`.");
        }

        return entity == RunFilterEntity.Attribute ? Attribute(lexer, token, name) : new RunFilterField(entity.Value, name);
    }

    private static RunFilterField Attribute(RunFilterLexer lexer, RunFilterToken token, string name)
    {
        var attribute = RunAttribute.Find(name)
            ?? throw lexer.Fail(token.Position, $"unknown attribute '{RunFilterLexer.Shorten(name)}'; expected one of {RunAttribute.AllowedNames}, or a key with a metrics., params. or tags. prefix.");
        return new RunFilterField(RunFilterEntity.Attribute, attribute.Name);
    }
}
