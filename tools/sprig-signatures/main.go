package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/Masterminds/sprig"
)

func main() {
	m := sprig.TxtFuncMap()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t := reflect.TypeOf(m[n])
		params := []string{}
		for i := 0; i < t.NumIn(); i++ {
			p := t.In(i)
			if t.IsVariadic() && i == t.NumIn()-1 {
				params = append(params, "..."+p.Elem().String())
			} else {
				params = append(params, p.String())
			}
		}
		fmt.Printf("%s\t%s\n", n, strings.Join(params, "|"))
	}
}
