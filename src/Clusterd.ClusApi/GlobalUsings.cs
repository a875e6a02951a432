// The object a context handle refers to (MS-CMRP 2.2.1: one context-handle type per object) is the kind the
// notification port takes for an hObject: one enumeration for both.
global using ClusApiObjectKind = Clusterd.ClusApi.Notifications.NotifyObjectKind;
global using Clusterd.ClusApi.Security;
