// The namespaces nearly every use case needs: time, the database and its context, and the audit trail each change is written to.
global using Cussp.Audit;
global using Cussp.Data;
global using Microsoft.EntityFrameworkCore;
global using NodaTime;
