namespace Cussp;

/// <summary>The texts of the audit log page in <c>Resources/AuditText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class AuditText;
