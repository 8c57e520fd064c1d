namespace Cussp;

/// <summary>The texts of the account, administration and document pages in <c>Resources/AccountText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class AccountText;
