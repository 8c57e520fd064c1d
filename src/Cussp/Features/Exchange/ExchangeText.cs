namespace Cussp;

/// <summary>The texts of the document pages in <c>Resources/ExchangeText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class ExchangeText;
