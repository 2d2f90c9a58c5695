//! `model!` declares a model struct and its lenient reader in one place, so a field's Rust name,
//! kind and wire name sit on one line and cannot drift apart.
//!
//! Each struct also gets its wire shape ([`super::wire::Shaped`]): the field paths the views and the
//! raw tree name come from it, never from a change of case.
//!
//! Kinds: `str`, `id` (an identifier: text whose placeholders such as `null` count as missing), `f64`, `i64`, `bool`, `ts` (timestamp), `obj<T>`, `list<T>`, `strs` (list of text).

macro_rules! model {
    ($(#[$m:meta])* pub struct $name:ident {
        $( $(#[$fm:meta])* $field:ident : $kind:ident $(<$t:ty>)? = $wire:literal ),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct $name {
            $( $(#[$fm])* pub $field: model!(@ty $kind $(<$t>)?), )*
        }

        impl $crate::finding::read::FromObj for $name {
            fn from_obj(o: $crate::finding::read::Obj<'_>, cx: &mut $crate::finding::read::Cx) -> Self {
                $name { $( $field: model!(@read o cx $kind $(<$t>)? $wire), )* }
            }
        }

        impl $name {
            /// Wire names of the fields, in declaration order (used by tests against the API model).
            #[allow(dead_code)]
            pub const WIRE_NAMES: &'static [&'static str] = &[$($wire),*];
        }

        impl $crate::finding::wire::Shaped for $name {
            const SHAPE: $crate::finding::wire::Shape = $crate::finding::wire::Shape::Struct(&[
                $( $crate::finding::wire::Field { wire: $wire, shape: model!(@shape $kind $(<$t>)?) }, )*
            ]);
        }
    };
    (@shape obj<$t:ty>) => { <$t as $crate::finding::wire::Shaped>::SHAPE };
    (@shape list<$t:ty>) => { <$t as $crate::finding::wire::Shaped>::SHAPE };
    (@shape $leaf:ident) => { $crate::finding::wire::Shape::Leaf };
    (@ty str) => { Option<String> };
    (@ty id) => { Option<String> };
    (@ty f64) => { Option<f64> };
    (@ty i64) => { Option<i64> };
    (@ty bool) => { Option<bool> };
    (@ty ts) => { Option<$crate::finding::Timestamp> };
    (@ty strs) => { Vec<String> };
    (@ty obj<$t:ty>) => { Option<$t> };
    (@ty list<$t:ty>) => { Vec<$t> };
    (@read $o:ident $cx:ident str $w:literal) => { $o.str($cx, $w) };
    (@read $o:ident $cx:ident id $w:literal) => { $o.id($cx, $w) };
    (@read $o:ident $cx:ident f64 $w:literal) => { $o.f64($cx, $w) };
    (@read $o:ident $cx:ident i64 $w:literal) => { $o.i64($cx, $w) };
    (@read $o:ident $cx:ident bool $w:literal) => { $o.bool($cx, $w) };
    (@read $o:ident $cx:ident ts $w:literal) => { $o.ts($cx, $w) };
    (@read $o:ident $cx:ident strs $w:literal) => { $o.strs($cx, $w) };
    (@read $o:ident $cx:ident obj<$t:ty> $w:literal) => { $o.read::<$t>($cx, $w) };
    (@read $o:ident $cx:ident list<$t:ty> $w:literal) => { $o.list::<$t>($cx, $w) };
}

pub(crate) use model;
