namespace Linli.Features.Activities;

// The factories sit on the type they make (Outcome<Visit>.Missing reads as what it is), which CA1000 would move away.
#pragma warning disable CA1000
/// <summary>What a use case of this module answers: the value, or the errors by field (in Chinese, saying what and where), or not found (absent and out of scope look the same).</summary>
public sealed record Outcome<T>(T? Value, IReadOnlyDictionary<string, string> Errors, bool NotFound = false) where T : class
{
    public static Outcome<T> Missing => new(null, new Dictionary<string, string>(), true);
    public static Outcome<T> Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    public static Outcome<T> Ok(T value) => new(value, new Dictionary<string, string>());
    public bool Succeeded => Value is not null;
}
