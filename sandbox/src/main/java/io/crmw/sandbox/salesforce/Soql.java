package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.salesforce.SfSchema.SfField;
import io.crmw.sandbox.salesforce.SfSchema.SfObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset the simulator understands:
 * <pre>
 * SELECT f1, f2, … | COUNT()  FROM Object
 *   [WHERE cond [AND|OR cond]…]      cond: field op literal | field [NOT] IN (literal, …) | NOT cond | (conds)
 *   [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …]  [LIMIT n]  [OFFSET n ≤ 2000]
 * </pre>
 * Operators {@code = != <> < <= > >=}; literals: datetimes ({@code 2024-05-01T00:00:00Z}, {@code …+02:00},
 * {@code …+0000}, optional millis), dates ({@code 2024-05-01}), quoted strings, numbers, {@code true}/{@code false},
 * {@code null}. Keywords, object and field names are case-insensitive. As in SOQL, AND and OR may not be mixed at one
 * level without parentheses, and a literal must match its field's type (datetime fields take unquoted datetimes, id and
 * text fields quoted strings). Ids compare as strings (a 15-character literal is widened to 18). Any other construct
 * (relationship paths, functions, date literals like TODAY, LIKE, GROUP BY, sub-queries) is a MALFORMED_QUERY or
 * INVALID_FIELD error.
 */
final class Soql {

  /** A query error as Salesforce reports it: HTTP status, errorCode, message. */
  static final class SoqlException extends SimulatedApi.Refused {
    final String errorCode;

    SoqlException(int status, String errorCode, String message) {
      super(status, message);
      this.errorCode = errorCode;
    }
  }

  record Order(SfField field, boolean descending, boolean nullsFirst) {
  }

  record Query(SfObject object, List<SfField> fields, boolean count, Expr where, List<Order> orderBy, Integer limit,
               int offset) {
  }

  interface Expr {
    boolean test(Map<String, Object> row);
  }

  private record Junction(boolean and, List<Expr> parts) implements Expr {
    public boolean test(Map<String, Object> row) {
      for (Expr e : parts) {
        if (e.test(row) != and) {
          return !and;
        }
      }
      return and;
    }
  }

  private record Not(Expr inner) implements Expr {
    public boolean test(Map<String, Object> row) {
      return !inner.test(row);
    }
  }

  private record Cmp(SfField field, String op, Object literal) implements Expr {
    public boolean test(Map<String, Object> row) {
      Object v = row.get(field.name());
      if (literal == null || v == null) {
        boolean bothNull = literal == null && v == null;
        return switch (op) {
          case "=" -> bothNull;
          case "!=" -> !bothNull;
          default -> false;
        };
      }
      int c = compare(field, v, literal);
      return switch (op) {
        case "=" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        default -> c >= 0;
      };
    }
  }

  private record In(SfField field, List<Object> literals, boolean negated) implements Expr {
    public boolean test(Map<String, Object> row) {
      Object v = row.get(field.name());
      boolean found = false;
      for (Object l : literals) {
        if (v == null ? l == null : l != null && compare(field, v, l) == 0) {
          found = true;
          break;
        }
      }
      return found != negated;
    }
  }

  // ---- tokens ----

  private enum Kind { IDENT, STRING, NUMBER, DATETIME, DATE, OP, LPAREN, RPAREN, COMMA, EOF }

  private record Token(Kind kind, String text, Object value) {
  }

  private static final Pattern DATETIME = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![T\\d])");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
  private static final Set<String> TEXT_TYPES = Set.of("string", "picklist", "email", "url", "textarea", "phone");

  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private Soql(String soql) {
    tokenize(soql);
  }

  static Query parse(String soql) {
    if (soql == null || soql.isBlank()) {
      throw malformed("A query must be given in the q parameter");
    }
    return new Soql(soql).query();
  }

  private void tokenize(String s) {
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
        continue;
      }
      Matcher m;
      if (ch == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < s.length()) {
          char c = s.charAt(j);
          if (c == '\\' && j + 1 < s.length()) {
            char e = s.charAt(j + 1);
            sb.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
            j += 2;
            continue;
          }
          if (c == '\'') {
            closed = true;
            break;
          }
          sb.append(c);
          j++;
        }
        if (!closed) {
          throw malformed("unexpected token: unterminated string literal");
        }
        tokens.add(new Token(Kind.STRING, s.substring(i, j + 1), sb.toString()));
        i = j + 1;
      } else if ((m = DATETIME.matcher(s).region(i, s.length())).lookingAt()) {
        String text = m.group();
        String iso = text.replaceAll("([+-]\\d{2})(\\d{2})$", "$1:$2");
        tokens.add(new Token(Kind.DATETIME, text, OffsetDateTime.parse(iso).toInstant()));
        i = m.end();
      } else if ((m = DATE.matcher(s).region(i, s.length())).lookingAt()) {
        tokens.add(new Token(Kind.DATE, m.group(), LocalDate.parse(m.group())));
        i = m.end();
      } else if ((m = NUMBER.matcher(s).region(i, s.length())).lookingAt()) {
        tokens.add(new Token(Kind.NUMBER, m.group(), new BigDecimal(m.group())));
        i = m.end();
      } else if ((m = IDENT.matcher(s).region(i, s.length())).lookingAt()) {
        tokens.add(new Token(Kind.IDENT, m.group(), null));
        i = m.end();
      } else if (ch == '(') {
        tokens.add(new Token(Kind.LPAREN, "(", null));
        i++;
      } else if (ch == ')') {
        tokens.add(new Token(Kind.RPAREN, ")", null));
        i++;
      } else if (ch == ',') {
        tokens.add(new Token(Kind.COMMA, ",", null));
        i++;
      } else if ("=!<>".indexOf(ch) >= 0) {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        String op = switch (two) {
          case "!=", "<>" -> "!=";
          case "<=", ">=" -> two;
          default -> ch == '!' ? null : String.valueOf(ch);
        };
        if (op == null) {
          throw malformed("unexpected token: '!'");
        }
        tokens.add(new Token(Kind.OP, op, null));
        i += op.length() == 2 || two.equals("<>") ? 2 : 1;
      } else {
        throw malformed("unexpected token: '" + ch + "'");
      }
    }
    tokens.add(new Token(Kind.EOF, "<EOF>", null));
  }

  // ---- grammar ----

  private Query query() {
    expectKeyword("SELECT");
    List<String> names = new ArrayList<>();
    boolean count = false;
    if (isKeyword("COUNT") && tokens.get(pos + 1).kind() == Kind.LPAREN) {
      pos += 2;
      expect(Kind.RPAREN);
      count = true;
    } else {
      do {
        Token t = expect(Kind.IDENT);
        if (tokens.get(pos).kind() == Kind.LPAREN) {
          throw malformed("unexpected token: '('; functions such as " + t.text() + "() are not supported here");
        }
        names.add(t.text());
      } while (accept(Kind.COMMA));
    }
    expectKeyword("FROM");
    Token objectToken = expect(Kind.IDENT);
    SfObject object = SfSchema.object(objectToken.text());
    if (object == null) {
      throw new SoqlException(400, "INVALID_TYPE", "sObject type '" + objectToken.text() + "' is not supported. If "
          + "you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please "
          + "reference your WSDL or the describe call for the appropriate names.");
    }
    List<SfField> fields = new ArrayList<>();
    for (String n : names) {
      SfField f = field(object, n);
      if (fields.contains(f)) {
        throw malformed("duplicate field selected: " + f.name());
      }
      fields.add(f);
    }
    Expr where = null;
    if (acceptKeyword("WHERE")) {
      where = disjunctionOrConjunction(object);
    }
    List<Order> order = new ArrayList<>();
    if (acceptKeyword("ORDER")) {
      expectKeyword("BY");
      do {
        SfField f = field(object, expect(Kind.IDENT).text());
        boolean desc = false;
        if (acceptKeyword("DESC")) {
          desc = true;
        } else {
          acceptKeyword("ASC");
        }
        boolean nullsFirst = !desc;
        if (acceptKeyword("NULLS")) {
          if (acceptKeyword("FIRST")) {
            nullsFirst = true;
          } else {
            expectKeyword("LAST");
            nullsFirst = false;
          }
        }
        order.add(new Order(f, desc, nullsFirst));
      } while (accept(Kind.COMMA));
    }
    Integer limit = null;
    if (acceptKeyword("LIMIT")) {
      limit = nonNegativeInt();
    }
    int offset = 0;
    if (acceptKeyword("OFFSET")) {
      offset = nonNegativeInt();
      if (offset > 2000) {
        throw new SoqlException(400, "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000");
      }
    }
    if (tokens.get(pos).kind() != Kind.EOF) {
      throw malformed("unexpected token: '" + tokens.get(pos).text() + "'");
    }
    if (count && !order.isEmpty()) {
      throw malformed("ORDER BY is not allowed with COUNT()");
    }
    return new Query(object, List.copyOf(fields), count, where, List.copyOf(order), limit, offset);
  }

  private int nonNegativeInt() {
    Token t = expect(Kind.NUMBER);
    try {
      int n = Integer.parseInt(t.text());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // below
    }
    throw malformed("unexpected token: '" + t.text() + "'");
  }

  /** Conditions joined by one connective: SOQL rejects mixing AND and OR without parentheses. */
  private Expr disjunctionOrConjunction(SfObject object) {
    List<Expr> parts = new ArrayList<>();
    parts.add(condition(object));
    Boolean and = null;
    while (isKeyword("AND") || isKeyword("OR")) {
      boolean thisAnd = isKeyword("AND");
      if (and != null && and != thisAnd) {
        throw malformed("unexpected token: '" + tokens.get(pos).text() + "' (use parentheses to mix AND and OR)");
      }
      and = thisAnd;
      pos++;
      parts.add(condition(object));
    }
    return parts.size() == 1 ? parts.get(0) : new Junction(and, List.copyOf(parts));
  }

  private Expr condition(SfObject object) {
    if (acceptKeyword("NOT")) {
      return new Not(condition(object));
    }
    if (accept(Kind.LPAREN)) {
      Expr e = disjunctionOrConjunction(object);
      expect(Kind.RPAREN);
      return e;
    }
    SfField f = field(object, expect(Kind.IDENT).text());
    boolean notIn = false;
    if (isKeyword("NOT") && tokens.get(pos + 1).kind() == Kind.IDENT
        && tokens.get(pos + 1).text().equalsIgnoreCase("IN")) {
      pos++;
      notIn = true;
    }
    if (acceptKeyword("IN")) {
      expect(Kind.LPAREN);
      List<Object> values = new ArrayList<>();
      do {
        values.add(literal(f));
      } while (accept(Kind.COMMA));
      expect(Kind.RPAREN);
      return new In(f, values, notIn);
    }
    Token op = tokens.get(pos);
    if (op.kind() != Kind.OP) {
      throw malformed("unexpected token: '" + op.text() + "'");
    }
    pos++;
    return new Cmp(f, op.text(), literal(f));
  }

  private Object literal(SfField f) {
    Token t = tokens.get(pos++);
    if (t.kind() == Kind.IDENT && t.text().equalsIgnoreCase("null")) {
      return null;
    }
    String type = f.type();
    Object v = switch (t.kind()) {
      case IDENT -> t.text().equalsIgnoreCase("true") ? Boolean.TRUE
          : t.text().equalsIgnoreCase("false") ? Boolean.FALSE : null;
      case STRING, DATETIME, DATE, NUMBER -> t.value();
      default -> throw malformed("unexpected token: '" + t.text() + "'");
    };
    if (v == null) {
      throw malformed("unexpected token: '" + t.text() + "'");
    }
    boolean ok = switch (type) {
      case "datetime" -> v instanceof Instant;
      case "date" -> v instanceof LocalDate;
      case "boolean" -> v instanceof Boolean;
      case "currency", "double", "percent", "int" -> v instanceof BigDecimal;
      default -> v instanceof String;
    };
    if (!ok) {
      String expected = switch (type) {
        case "datetime" -> "dateTime";
        case "currency", "percent", "int" -> "double";
        default -> type;
      };
      boolean quoted = !(type.equals("datetime") || type.equals("date") || type.equals("boolean")
          || type.equals("currency") || type.equals("double") || type.equals("percent") || type.equals("int"));
      throw new SoqlException(400, "INVALID_FIELD", "value of filter criterion for field '" + f.name()
          + "' must be of type " + expected + (quoted ? " and should be enclosed in quotes"
          : " and should not be enclosed in quotes"));
    }
    if ((type.equals("id") || type.equals("reference")) && v instanceof String s) {
      return SfIds.to18(s);
    }
    return v;
  }

  private static SfField field(SfObject object, String name) {
    if (name.contains(".")) {
      throw new SoqlException(400, "INVALID_FIELD", "Didn't understand relationship '"
          + name.substring(0, name.indexOf('.')) + "' in field path. The simulator supports no relationship queries.");
    }
    SfField f = object.field(name);
    if (f == null) {
      throw new SoqlException(400, "INVALID_FIELD", "No such column '" + name + "' on entity '" + object.name()
          + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name."
          + " Please reference your WSDL or the describe call for the appropriate names.");
    }
    return f;
  }

  private boolean isKeyword(String k) {
    Token t = tokens.get(pos);
    return t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(k);
  }

  private boolean acceptKeyword(String k) {
    if (isKeyword(k)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expectKeyword(String k) {
    if (!acceptKeyword(k)) {
      throw malformed("unexpected token: '" + tokens.get(pos).text() + "' (expected " + k + ")");
    }
  }

  private boolean accept(Kind k) {
    if (tokens.get(pos).kind() == k) {
      pos++;
      return true;
    }
    return false;
  }

  private Token expect(Kind k) {
    Token t = tokens.get(pos);
    if (t.kind() != k) {
      throw malformed("unexpected token: '" + t.text() + "'");
    }
    pos++;
    return t;
  }

  private static SoqlException malformed(String message) {
    return new SoqlException(400, "MALFORMED_QUERY", message);
  }

  // ---- evaluation ----

  /** The rows a query selects: live rows only unless {@code includeDeleted} (queryAll), filtered, sorted, limited. */
  static List<SfRow> run(Query q, List<SfRow> rows, boolean includeDeleted) {
    List<SfRow> out = new ArrayList<>();
    for (SfRow r : rows) {
      if ((includeDeleted || !r.deleted()) && (q.where() == null || q.where().test(r.values()))) {
        out.add(r);
      }
    }
    if (!q.orderBy().isEmpty()) {
      Comparator<SfRow> cmp = null;
      for (Order o : q.orderBy()) {
        Comparator<SfRow> c = (a, b) -> {
          Object x = a.values().get(o.field().name());
          Object y = b.values().get(o.field().name());
          if (x == null || y == null) {
            if (x == y) {
              return 0;
            }
            return (x == null) == o.nullsFirst() ? -1 : 1;
          }
          int r = compare(o.field(), x, y);
          return o.descending() ? -r : r;
        };
        cmp = cmp == null ? c : cmp.thenComparing(c);
      }
      out.sort(cmp); // stable: ties stay in Id order
    }
    int from = Math.min(q.offset(), out.size());
    int to = q.limit() == null ? out.size() : Math.min(out.size(), from + q.limit());
    return out.subList(from, to);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(SfField f, Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    if (a instanceof String x && b instanceof String y && TEXT_TYPES.contains(f.type())) {
      return x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT));
    }
    if (a.getClass() != b.getClass()) {
      return a.toString().compareTo(b.toString());
    }
    return ((Comparable) a).compareTo(b);
  }
}
