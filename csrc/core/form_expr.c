/* visible_if: parsed and type-checked once, evaluated against an answer set
 * without allocating (docs/forms.md "Conditions").
 *
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | "(" or ")" | compare
 *   compare := operand ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") operand
 *            | operand "is" ["not"] "empty"
 *   operand := variable | 'text' | "text" | number | "[" literal ("," literal)* "]"
 *
 * "and"/"or" chains are one node with a sibling list, so evaluation depth
 * is bounded by the nesting depth (FC_LIMIT_MAX_EXPR_DEPTH), not length. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

typedef enum expr_kind { E_AND, E_OR, E_NOT, E_COMPARE, E_EMPTY } expr_kind;
typedef enum expr_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOT_IN } expr_op;

/* What an operand holds, for the type check. */
typedef enum expr_type { T_TEXT, T_NUMBER, T_SCALAR, T_LIST } expr_type;

typedef struct expr_operand {
    int is_variable;
    size_t question;   /* spec index, is_variable */
    json_t *literal;   /* owned by the expression's literal list otherwise */
    fc_json_view view; /* the literal as evaluation reads it (made after parsing) */
    expr_type type;
    expr_type element; /* T_LIST literals: T_TEXT, T_NUMBER or T_SCALAR (mixed/empty) */
} expr_operand;

typedef struct expr_node {
    expr_kind kind;
    expr_op op; /* E_COMPARE */
    int negate; /* E_EMPTY: "is not empty" */
    long first; /* E_AND, E_OR, E_NOT: first child */
    long next;  /* next sibling in the parent's chain, -1 at the end */
    expr_operand lhs, rhs;
} expr_node;

struct fc_expr {
    expr_node *nodes;
    size_t count, capacity;
    json_t *literals; /* array owning every literal */
    long root;
};

typedef enum token_kind {
    TK_END,
    TK_NAME,
    TK_STRING,
    TK_NUMBER,
    TK_LPAREN,
    TK_RPAREN,
    TK_LBRACKET,
    TK_RBRACKET,
    TK_COMMA,
    TK_EQ,
    TK_NE,
    TK_LT,
    TK_LE,
    TK_GT,
    TK_GE,
    TK_BAD
} token_kind;

typedef struct parser {
    const char *text;
    size_t len, pos;
    token_kind token;
    size_t token_start, token_len;
    fc_expr *expr;
    const fc_expr_scope *scope;
    int depth;
    int failed; /* a problem was found: message holds it */
    int nomem;
    char message[FC_NAME_SHOWN_MAX + 200];
} parser;

static int fail(parser *p, size_t at, const char *what)
{
    if (!p->failed) {
        p->failed = 1;
        snprintf(p->message, sizeof(p->message), "at character %zu: %.*s", at + 1,
                 (int)(sizeof(p->message) - 40), what);
    }
    return -1;
}

static int is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t scan_string(const parser *p, size_t at)
{
    char quote = p->text[at];
    for (size_t i = at + 1; i < p->len; i++) {
        if (p->text[i] == '\\')
            i++;
        else if (p->text[i] == quote)
            return i + 1 - at;
        else if (p->text[i] == '\0')
            return 0;
    }
    return 0;
}

/* -?digits(.digits)?([eE][+-]?digits)? ; 0 when malformed. */
static size_t scan_number(const parser *p, size_t at)
{
    size_t i = at;
    if (i < p->len && p->text[i] == '-')
        i++;
    size_t digits = i;
    while (i < p->len && is_digit(p->text[i]))
        i++;
    if (i == digits)
        return 0;
    if (i < p->len && p->text[i] == '.') {
        size_t fraction = ++i;
        while (i < p->len && is_digit(p->text[i]))
            i++;
        if (i == fraction)
            return 0;
    }
    if (i < p->len && (p->text[i] == 'e' || p->text[i] == 'E')) {
        i++;
        if (i < p->len && (p->text[i] == '+' || p->text[i] == '-'))
            i++;
        size_t exponent = i;
        while (i < p->len && is_digit(p->text[i]))
            i++;
        if (i == exponent)
            return 0;
    }
    if (i < p->len && is_name_char(p->text[i]))
        return 0; /* 12abc */
    return i - at;
}

static void advance(parser *p)
{
    while (p->pos < p->len && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
                               p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
        p->pos++;
    p->token_start = p->pos;
    p->token_len = 1;
    if (p->pos >= p->len) {
        p->token = TK_END;
        p->token_len = 0;
        return;
    }
    char c = p->text[p->pos];
    char n = p->pos + 1 < p->len ? p->text[p->pos + 1] : '\0';
    if (is_name_start(c)) {
        size_t end = p->pos;
        while (end < p->len && is_name_char(p->text[end]))
            end++;
        p->token = TK_NAME;
        p->token_len = end - p->pos;
    } else if (c == '\'' || c == '"') {
        p->token_len = scan_string(p, p->pos);
        p->token = p->token_len == 0 ? TK_BAD : TK_STRING;
    } else if (is_digit(c) || c == '-') {
        p->token_len = scan_number(p, p->pos);
        p->token = p->token_len == 0 ? TK_BAD : TK_NUMBER;
    } else if (c == '=' && n == '=') {
        p->token = TK_EQ, p->token_len = 2;
    } else if (c == '!' && n == '=') {
        p->token = TK_NE, p->token_len = 2;
    } else if (c == '<') {
        p->token = n == '=' ? TK_LE : TK_LT, p->token_len = n == '=' ? 2 : 1;
    } else if (c == '>') {
        p->token = n == '=' ? TK_GE : TK_GT, p->token_len = n == '=' ? 2 : 1;
    } else {
        static const char simple[] = "()[],";
        static const token_kind kinds[] = {TK_LPAREN, TK_RPAREN, TK_LBRACKET, TK_RBRACKET,
                                           TK_COMMA};
        const char *found = c != '\0' ? strchr(simple, c) : NULL;
        p->token = found == NULL ? TK_BAD : kinds[found - simple];
    }
    if (p->token == TK_BAD && p->token_len == 0)
        p->token_len = 1;
    p->pos += p->token_len;
}

static int token_is(const parser *p, const char *word)
{
    return p->token == TK_NAME && p->token_len == strlen(word) &&
           memcmp(p->text + p->token_start, word, p->token_len) == 0;
}

static int is_keyword(const char *name, size_t len)
{
    static const char *const words[] = {"and", "or", "not", "in", "is", "empty"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(words[i], name, len) == 0)
            return 1;
    return 0;
}

static long new_node(parser *p, expr_kind kind)
{
    fc_expr *e = p->expr;
    if (e->count == e->capacity) {
        size_t capacity = e->capacity == 0 ? 8 : e->capacity * 2;
        expr_node *grown = realloc(e->nodes, capacity * sizeof(*grown));
        if (grown == NULL) {
            p->nomem = 1;
            return fail(p, p->token_start, "out of memory");
        }
        e->nodes = grown;
        e->capacity = capacity;
    }
    expr_node *node = &e->nodes[e->count];
    memset(node, 0, sizeof(*node));
    node->kind = kind;
    node->first = -1;
    node->next = -1;
    return (long)e->count++;
}

/* Keep a literal alive with the expression; NULL literal means ENOMEM. */
static json_t *keep(parser *p, json_t *literal)
{
    if (literal == NULL || json_array_append_new(p->expr->literals, literal) != 0) {
        p->nomem = 1;
        fail(p, p->token_start, "out of memory");
        return NULL;
    }
    return literal;
}

/* The text of a quoted literal with its escapes resolved. */
static json_t *string_literal(parser *p)
{
    const char *body = p->text + p->token_start + 1;
    size_t body_len = p->token_len - 2, out_len = 0;
    char *out = malloc(body_len + 1);
    if (out == NULL) {
        p->nomem = 1;
        fail(p, p->token_start, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < body_len; i++) {
        char c = body[i];
        if (c == '\\') {
            char e = body[++i]; /* scan_string guarantees a character follows */
            switch (e) {
            case '\\':
            case '\'':
            case '"':
                c = e;
                break;
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            default:
                free(out);
                fail(p, p->token_start + 1 + i,
                     "unknown escape (use \\\\, \\', \\\", \\n, \\t, \\r)");
                return NULL;
            }
        }
        out[out_len++] = c;
    }
    json_t *value = json_stringn(out, out_len);
    free(out);
    if (value == NULL) /* the overlay is UTF-8 JSON, so only ENOMEM gets here */
        p->nomem = 1;
    return keep(p, value);
}

/* The decimal point strtod expects: the locale's, as jansson's own reader
 * handles it, so "1.5" means 1.5 whatever LC_NUMERIC the process runs in. */
static void use_locale_point(char *text)
{
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(text, '.');
    if (dot != NULL && point != NULL && point[0] != '\0' && point[1] == '\0')
        *dot = point[0];
}

/* JSON number syntax (scan_number); integers exactly within 64 bits, the
 * rest as the nearest double. (The core does not link jansson's parser.) */
static json_t *number_literal(parser *p)
{
    const char *text = p->text + p->token_start;
    size_t len = p->token_len;
    char buf[80];
    int integral = memchr(text, '.', len) == NULL && memchr(text, 'e', len) == NULL &&
                   memchr(text, 'E', len) == NULL;
    if (len >= sizeof(buf)) {
        fail(p, p->token_start, "number too long");
        return NULL;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    json_t *value;
    errno = 0;
    if (integral) {
        long long n = strtoll(buf, NULL, 10);
        if (errno == ERANGE) {
            fail(p, p->token_start, "number out of range (integers have at most 64 bits)");
            return NULL;
        }
        value = json_integer((json_int_t)n);
    } else {
        use_locale_point(buf);
        double d = strtod(buf, NULL);
        if (errno == ERANGE && (d > 1.0 || d < -1.0)) {
            fail(p, p->token_start, "number out of range");
            return NULL;
        }
        value = json_real(d);
    }
    if (value == NULL)
        p->nomem = 1;
    return keep(p, value);
}

static expr_type literal_type(const json_t *value)
{
    return json_is_string(value) ? T_TEXT : T_NUMBER;
}

static int parse_literal(parser *p, expr_operand *out)
{
    json_t *value = NULL;
    if (p->token == TK_STRING)
        value = string_literal(p);
    else if (p->token == TK_NUMBER)
        value = number_literal(p);
    else
        return fail(p, p->token_start, "expected a text or a number");
    if (value == NULL)
        return -1;
    out->is_variable = 0;
    out->literal = value;
    out->type = literal_type(value);
    advance(p);
    return 0;
}

static int parse_list(parser *p, expr_operand *out)
{
    size_t start = p->token_start;
    json_t *list = keep(p, json_array());
    if (list == NULL)
        return -1;
    int seen_text = 0, seen_number = 0;
    advance(p); /* [ */
    for (;;) {
        expr_operand item = {0};
        if (parse_literal(p, &item) != 0)
            return -1;
        if (json_array_append(list, item.literal) != 0) {
            p->nomem = 1;
            return fail(p, start, "out of memory");
        }
        seen_text |= item.type == T_TEXT;
        seen_number |= item.type == T_NUMBER;
        if (p->token == TK_RBRACKET)
            break;
        if (p->token != TK_COMMA)
            return fail(p, p->token_start, "expected ',' or ']' in the list");
        advance(p);
    }
    if (seen_text && seen_number)
        return fail(p, start, "a list holds texts or numbers, not both");
    advance(p); /* ] */
    out->is_variable = 0;
    out->literal = list;
    out->type = T_LIST;
    out->element = seen_text ? T_TEXT : T_NUMBER;
    return 0;
}

static expr_type question_type(const fc_question *q)
{
    switch (q->type) {
    case FC_Q_INTEGER:
    case FC_Q_FLOAT:
        return T_NUMBER;
    case FC_Q_MULTIPLECHOICE: {
        /* List choices may be numbers: the choices say what answers are. */
        int texts = 0, numbers = 0;
        for (size_t i = 0; i < q->choice_count; i++)
            q->choices[i].is_number ? numbers++ : texts++;
        return numbers == 0 ? T_TEXT : texts == 0 ? T_NUMBER : T_SCALAR;
    }
    case FC_Q_MULTISELECT:
        return T_LIST;
    default:
        return T_TEXT;
    }
}

static int parse_variable(parser *p, expr_operand *out)
{
    const char *name = p->text + p->token_start;
    size_t len = p->token_len, at = p->token_start;
    if (is_keyword(name, len))
        return fail(p, at, "expected a variable, a text or a number");
    const fc_question *q = fc_survey_find(p->scope->survey, name, len);
    char what[300];
    int shown = fc_name_shown(name, len, FC_NAME_SHOWN_MAX);
    if (q == NULL) {
        snprintf(what, sizeof(what), "'%.*s' is not a variable of the survey", shown, name);
        return fail(p, at, what);
    }
    if (p->scope->position_of[q->index] >= p->scope->owner_position) {
        snprintf(what, sizeof(what),
                 "'%.*s' is not an earlier question (a condition may use only the questions "
                 "before its own)",
                 shown, name);
        return fail(p, at, what);
    }
    if (q->type == FC_Q_PASSWORD) {
        snprintf(what, sizeof(what), "'%.*s' is a password: a condition may not depend on it",
                 shown, name);
        return fail(p, at, what);
    }
    out->is_variable = 1;
    out->question = q->index;
    out->type = question_type(q);
    out->element = T_SCALAR; /* a multiselect's items: as its choices, checked by the survey */
    advance(p);
    return 0;
}

static int parse_operand(parser *p, expr_operand *out)
{
    switch (p->token) {
    case TK_NAME:
        return parse_variable(p, out);
    case TK_LBRACKET:
        return parse_list(p, out);
    case TK_STRING:
    case TK_NUMBER:
        return parse_literal(p, out);
    case TK_END:
        return fail(p, p->token_start, "the condition ends too early");
    default:
        return fail(p, p->token_start, "expected a variable, a text or a number");
    }
}

static int compatible(expr_type a, expr_type b)
{
    return a == b || a == T_SCALAR || b == T_SCALAR;
}

/* The type rules of docs/forms.md, checked once here so that evaluation
 * never meets a comparison it cannot decide. */
static int check_types(parser *p, const expr_node *node, size_t at)
{
    const expr_operand *l = &node->lhs, *r = &node->rhs;
    if (node->op == OP_IN || node->op == OP_NOT_IN) {
        if (r->type != T_LIST)
            return fail(p, at, "'in' needs a list or a multiselect question on its right");
        if (l->type == T_LIST)
            return fail(p, at, "'in' needs a single value on its left");
        if (!compatible(l->type, r->element))
            return fail(p, at, "'in' compares a text with numbers, or a number with texts");
        return 0;
    }
    if (l->type == T_LIST || r->type == T_LIST)
        return fail(p, at, "a list can only be tested with 'in', 'not in' or 'is empty'");
    if (!compatible(l->type, r->type))
        return fail(p, at, "compares a text with a number");
    return 0;
}

static long parse_or(parser *p);

static long parse_compare(parser *p)
{
    size_t at = p->token_start;
    expr_operand lhs = {0}, rhs = {0};
    if (parse_operand(p, &lhs) != 0)
        return -1;
    if (token_is(p, "is")) {
        advance(p);
        int negate = 0;
        if (token_is(p, "not")) {
            negate = 1;
            advance(p);
        }
        if (!token_is(p, "empty"))
            return fail(p, p->token_start, "expected 'empty' after 'is'");
        advance(p);
        long n = new_node(p, E_EMPTY);
        if (n < 0)
            return -1;
        p->expr->nodes[n].lhs = lhs;
        p->expr->nodes[n].negate = negate;
        return n;
    }
    expr_op op;
    size_t op_at = p->token_start;
    switch (p->token) {
    case TK_EQ:
        op = OP_EQ;
        break;
    case TK_NE:
        op = OP_NE;
        break;
    case TK_LT:
        op = OP_LT;
        break;
    case TK_LE:
        op = OP_LE;
        break;
    case TK_GT:
        op = OP_GT;
        break;
    case TK_GE:
        op = OP_GE;
        break;
    default:
        if (token_is(p, "in")) {
            op = OP_IN;
        } else if (token_is(p, "not")) {
            advance(p);
            if (!token_is(p, "in"))
                return fail(p, p->token_start, "expected 'in' after 'not'");
            op = OP_NOT_IN;
        } else {
            return fail(p, p->token_start,
                        "expected a comparison (==, !=, <, <=, >, >=, in, not in, is empty)");
        }
    }
    advance(p);
    if (parse_operand(p, &rhs) != 0)
        return -1;
    long n = new_node(p, E_COMPARE);
    if (n < 0)
        return -1;
    expr_node *node = &p->expr->nodes[n];
    node->op = op;
    node->lhs = lhs;
    node->rhs = rhs;
    (void)at;
    return check_types(p, node, op_at) != 0 ? -1 : n;
}

static long deeper(parser *p)
{
    if (++p->depth > FC_LIMIT_MAX_EXPR_DEPTH) {
        char what[120];
        snprintf(what, sizeof(what), "nested more than %d levels", FC_LIMIT_MAX_EXPR_DEPTH);
        return fail(p, p->token_start, what);
    }
    return 0;
}

static long parse_not(parser *p)
{
    if (token_is(p, "not")) {
        advance(p);
        if (deeper(p) != 0)
            return -1;
        long child = parse_not(p);
        p->depth--;
        if (child < 0)
            return -1;
        long n = new_node(p, E_NOT);
        if (n >= 0)
            p->expr->nodes[n].first = child;
        return n;
    }
    if (p->token == TK_LPAREN) {
        advance(p);
        if (deeper(p) != 0)
            return -1;
        long inner = parse_or(p);
        p->depth--;
        if (inner < 0)
            return -1;
        if (p->token != TK_RPAREN)
            return fail(p, p->token_start, "expected ')'");
        advance(p);
        return inner;
    }
    return parse_compare(p);
}

/* A chain a <word> b <word> c as one node whose children are siblings. */
static long parse_chain(parser *p, const char *word, expr_kind kind, long (*item)(parser *))
{
    long first = item(p);
    if (first < 0 || !token_is(p, word))
        return first;
    long n = new_node(p, kind);
    if (n < 0)
        return -1;
    p->expr->nodes[n].first = first;
    long last = first;
    while (token_is(p, word)) {
        advance(p);
        long next = item(p);
        if (next < 0)
            return -1;
        p->expr->nodes[last].next = next;
        last = next;
    }
    return n;
}

static long parse_and(parser *p)
{
    return parse_chain(p, "and", E_AND, parse_not);
}

static long parse_or(parser *p)
{
    return parse_chain(p, "or", E_OR, parse_and);
}

void fc_expr_free(fc_expr *expr)
{
    if (expr == NULL)
        return;
    for (size_t i = 0; expr->nodes != NULL && i < expr->count; i++) {
        fc_json_view_release(&expr->nodes[i].lhs.view);
        fc_json_view_release(&expr->nodes[i].rhs.view);
    }
    free(expr->nodes);
    json_decref(expr->literals);
    free(expr);
}

int fc_expr_compile(fc_expr **out, fc_errors *problems, const char *text, size_t len,
                    const fc_expr_scope *scope, const char *path)
{
    if (out == NULL || text == NULL || scope == NULL)
        return FC_EINVAL;
    *out = NULL;
    if (len > FC_LIMIT_MAX_EXPR_LEN) {
        TRY(fc_errors_add(problems, path, FC_CHECK_LIMIT, "a condition has at most %d bytes",
                          FC_LIMIT_MAX_EXPR_LEN));
        return FC_EVALIDATION;
    }
    fc_expr *expr = calloc(1, sizeof(*expr));
    if (expr == NULL || (expr->literals = json_array()) == NULL) {
        fc_expr_free(expr);
        return FC_ENOMEM;
    }
    parser p = {.text = text, .len = len, .expr = expr, .scope = scope};
    advance(&p);
    if (p.token == TK_END)
        fail(&p, 0, "the condition is empty");
    else
        expr->root = parse_or(&p);
    if (!p.failed && p.token != TK_END)
        fail(&p, p.token_start, "unexpected text after the condition");
    if (p.nomem) {
        fc_expr_free(expr);
        return FC_ENOMEM;
    }
    if (p.failed) {
        fc_expr_free(expr);
        TRY(fc_errors_add(problems, path, FC_CHECK_INVALID, "%s", p.message));
        return FC_EVALIDATION;
    }
    /* Answers are views, so literals are seen as views too. */
    for (size_t i = 0; i < expr->count; i++) {
        expr_node *n = &expr->nodes[i];
        if (fc_json_view_init(&n->lhs.view, n->lhs.literal) != 0 ||
            fc_json_view_init(&n->rhs.view, n->rhs.literal) != 0) {
            fc_expr_free(expr);
            return FC_ENOMEM;
        }
    }
    *out = expr;
    return 0;
}

/* ---- evaluation ---- */

static const fc_view *operand_value(const expr_operand *o, const fc_view *const *values)
{
    const fc_view *v = o->is_variable ? values[o->question] : &o->view.root;
    return v == NULL || v->kind == FC_VIEW_NULL ? NULL : v;
}

/* A number as the survey reads one; a malformed big integer is none. */
static int read_number(fc_num *out, const fc_view *v)
{
    return fc_num_read_view(out, v) == 1;
}

/* Equal as the survey compares answers: numbers by value across kinds,
 * texts by bytes, never a text with a number. */
static int same(const fc_view *a, const fc_view *b)
{
    fc_num x, y;
    if (a == NULL || b == NULL)
        return 0;
    if (a->kind == FC_VIEW_STRING && b->kind == FC_VIEW_STRING)
        return a->len == b->len && (a->len == 0 || memcmp(a->as.text, b->as.text, a->len) == 0);
    if (read_number(&x, a) && read_number(&y, b))
        return fc_num_compare(&x, &y) == 0;
    return 0;
}

/* -1/0/1, or 2 when the two cannot be ordered (absent, different kinds). */
static int order(const fc_view *a, const fc_view *b)
{
    fc_num x, y;
    if (a == NULL || b == NULL)
        return 2;
    if (a->kind == FC_VIEW_STRING && b->kind == FC_VIEW_STRING) {
        size_t la = a->len, lb = b->len, n = la < lb ? la : lb;
        int c = n == 0 ? 0 : memcmp(a->as.text, b->as.text, n);
        if (c != 0)
            return c < 0 ? -1 : 1;
        return la == lb ? 0 : la < lb ? -1 : 1;
    }
    if (read_number(&x, a) && read_number(&y, b))
        return fc_num_compare(&x, &y);
    return 2;
}

static int member(const fc_view *item, const fc_view *list)
{
    if (item == NULL || list == NULL || list->kind != FC_VIEW_LIST)
        return 0;
    for (size_t i = 0; i < list->len; i++)
        if (same(item, &list->as.items[i]))
            return 1;
    return 0;
}

static int is_empty(const fc_view *v)
{
    return v == NULL || ((v->kind == FC_VIEW_STRING || v->kind == FC_VIEW_LIST) && v->len == 0);
}

static int eval_node(const fc_expr *e, long index, const fc_view *const *values)
{
    const expr_node *n = &e->nodes[index];
    switch (n->kind) {
    case E_AND:
        for (long c = n->first; c >= 0; c = e->nodes[c].next)
            if (!eval_node(e, c, values))
                return 0;
        return 1;
    case E_OR:
        for (long c = n->first; c >= 0; c = e->nodes[c].next)
            if (eval_node(e, c, values))
                return 1;
        return 0;
    case E_NOT:
        return !eval_node(e, n->first, values);
    case E_EMPTY:
        return is_empty(operand_value(&n->lhs, values)) != n->negate;
    case E_COMPARE:
        break;
    }
    const fc_view *a = operand_value(&n->lhs, values), *b = operand_value(&n->rhs, values);
    int c;
    switch (n->op) {
    case OP_EQ:
        return same(a, b);
    case OP_NE:
        return !same(a, b);
    case OP_IN:
        return member(a, b);
    case OP_NOT_IN:
        return !member(a, b);
    case OP_LT:
        c = order(a, b);
        return c == -1;
    case OP_LE:
        c = order(a, b);
        return c == -1 || c == 0;
    case OP_GT:
        c = order(a, b);
        return c == 1;
    case OP_GE:
        c = order(a, b);
        return c == 1 || c == 0;
    }
    return 0;
}

int fc_expr_eval(const fc_expr *expr, const fc_view *const *values)
{
    if (expr == NULL)
        return 1;
    return eval_node(expr, expr->root, values);
}
