// Command template-oracle runs conformance cases through Go's text/template and prints what Go
// produces, so that the Swift GoTemplate conformance tests can be checked against real Go.
//
// Input (stdin): one JSON object per line: {"name","template","data","delims","exec"}.
// "data" is JSON text with a few extensions (see decode): {"$uint": 5}, {"$float": 2},
// {"$Person": {...}} for a main.Person struct and {"$func": "add"} for a function value.
// Output (stdout): one JSON object per line: {"out": ...} or {"err": ...}.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Person struct {
	Name  string
	Age   int
	Tags  []interface{}
	Meta  map[string]interface{}
	Extra interface{}
}

var funcs = template.FuncMap{
	"upper": func(s interface{}) (interface{}, error) {
		str, ok := s.(string)
		if !ok {
			return nil, fmt.Errorf("upper wants a string")
		}
		return strings.ToUpper(str), nil
	},
	"add": func(a, b interface{}) (interface{}, error) {
		x, ok1 := a.(int)
		y, ok2 := b.(int)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("add wants ints")
		}
		return x + y, nil
	},
	"fail": func() (interface{}, error) { return nil, errors.New("boom") },
	"join": func(args ...interface{}) interface{} {
		parts := []string{}
		for _, a := range args {
			parts = append(parts, fmt.Sprint(a))
		}
		return strings.Join(parts, ",")
	},
	"echo": func(x interface{}) interface{} { return x },
	"list": func(args ...interface{}) interface{} { return append([]interface{}{}, args...) },
	"f0":   func() interface{} { return "F0" },
}

func decode(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(string(x), ".eE") {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = decode(e)
		}
		return out
	case map[string]interface{}:
		if u, ok := x["$uint"]; ok {
			n, _ := u.(json.Number).Int64()
			return uint(n)
		}
		if f, ok := x["$float"]; ok {
			n, _ := f.(json.Number).Float64()
			return n
		}
		if name, ok := x["$func"]; ok {
			return funcs[name.(string)]
		}
		if p, ok := x["$Person"]; ok {
			m := p.(map[string]interface{})
			person := Person{}
			if n, ok := m["Name"]; ok {
				person.Name = n.(string)
			}
			if n, ok := m["Age"]; ok {
				a, _ := n.(json.Number).Int64()
				person.Age = int(a)
			}
			if t, ok := m["Tags"]; ok {
				person.Tags = decode(t).([]interface{})
			}
			if t, ok := m["Meta"]; ok {
				person.Meta = decode(t).(map[string]interface{})
			}
			if t, ok := m["Extra"]; ok {
				person.Extra = decode(t)
			}
			return person
		}
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = decode(e)
		}
		return out
	}
	return v
}

type input struct {
	Name     string    `json:"name"`
	Template string    `json:"template"`
	Data     string    `json:"data"`
	Delims   [2]string `json:"delims"`
	Exec     string    `json:"exec"`
}

func run(in input) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("PANIC: %v", r)
		}
	}()
	var data interface{}
	if in.Data != "" {
		dec := json.NewDecoder(strings.NewReader(in.Data))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			return "", fmt.Errorf("bad test data: %v", err)
		}
		data = decode(data)
	}
	name := in.Name
	if name == "" {
		name = "t"
	}
	t, err := template.New(name).Delims(in.Delims[0], in.Delims[1]).Funcs(funcs).Parse(in.Template)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	if in.Exec != "" {
		err = t.ExecuteTemplate(&sb, in.Exec, data)
	} else {
		err = t.Execute(&sb, data)
	}
	return sb.String(), err
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	enc := json.NewEncoder(os.Stdout)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			enc.Encode(map[string]string{"err": "bad input: " + err.Error()})
			continue
		}
		out, err := run(in)
		if err != nil {
			enc.Encode(map[string]string{"err": err.Error()})
		} else {
			enc.Encode(map[string]string{"out": out})
		}
	}
}
