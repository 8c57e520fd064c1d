namespace Cussp;

/// <summary>The page texts in <c>Resources/Text.resx</c> and its French and Ukrainian versions; in the root namespace, which the resource name follows.</summary>
internal sealed class Text;
